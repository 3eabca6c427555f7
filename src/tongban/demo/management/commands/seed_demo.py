"""tongban seed-demo: load the demo province, departments, officials, citizens and a company.

Safe to run again: what exists is kept (looked up by code, username or keyed hash)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tongban.accounts import services as accounts
from tongban.accounts.models import AgentAuthorisation, Organisation, Person, User
from tongban.core.codes import resident_id_check_character, uscc_check_character
from tongban.core.crypto import lookup_hash
from tongban.core.models import Department, Region
from tongban.demo import data

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "载入演示数据（可重复执行）。Load the demo data (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.TONGBAN_ALLOW_DEMO_DATA:
            raise CommandError("此环境不允许载入演示数据（TONGBAN_ALLOW_DEMO_DATA=0）。")
        with transaction.atomic():
            cities = self._regions()
            departments = self._departments(cities)
        created = self._officials(departments) + self._citizens()
        self._company()
        self._administrator()
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪（本次新建账户 {created} 个）。"))

    def _regions(self) -> dict[str, Region]:
        province, _ = Region.objects.update_or_create(
            code=data.PROVINCE[0],
            defaults={"name": data.PROVINCE[1], "level": Region.Level.PROVINCE},
        )
        cities = {}
        for key, (code, name, counties) in data.CITIES.items():
            city, _ = Region.objects.update_or_create(
                code=code, defaults={"name": name, "level": Region.Level.CITY, "parent": province}
            )
            for county_code, county_name in counties:
                Region.objects.update_or_create(
                    code=county_code,
                    defaults={"name": county_name, "level": Region.Level.COUNTY, "parent": city},
                )
            cities[key] = city
        return cities

    def _departments(self, cities: dict[str, Region]) -> dict[tuple[str, str], Department]:
        departments = {}
        for key, city in cities.items():
            for kind, pattern, short, body in data.DEPARTMENTS:
                first17 = f"11{city.code}{body:09d}"
                departments[key, kind], _ = Department.objects.update_or_create(
                    region=city,
                    kind=kind,
                    defaults={
                        "uscc": first17 + uscc_check_character(first17),
                        "name": pattern.format(city=city.name),
                        "short_name": short,
                    },
                )
        return departments

    def _officials(self, departments: dict[tuple[str, str], Department]) -> int:
        existing = set(User.objects.values_list("username", flat=True))
        created = 0
        for official in data.demo_officials():
            if official.username in existing:
                continue
            department = departments[official.city, official.department_kind]
            accounts.create_official(
                username=official.username,
                full_name=official.name,
                password=data.DEMO_PASSWORD,
                department=department,
                region=department.region,
                roles=official.roles,
            )
            created += 1
        return created

    def _citizens(self) -> int:
        created = 0
        for citizen in data.CITIZENS:
            number = citizen.id_first17 + resident_id_check_character(citizen.id_first17)
            if Person.objects.filter(
                id_number_hash=lookup_hash(number, accounts.ID_HASH_PURPOSE)
            ).exists():
                continue
            accounts.register_person(
                accounts.Registration(
                    real_name=citizen.name,
                    id_number=number,
                    mobile=citizen.mobile,
                    password=data.DEMO_PASSWORD,
                )
            )
            created += 1
        return created

    def _person(self, mobile: str) -> Person:
        return Person.objects.get(mobile_hash=lookup_hash(mobile, accounts.MOBILE_HASH_PURPOSE))

    def _company(self) -> None:
        company = data.COMPANY
        code = company["uscc_first17"] + uscc_check_character(company["uscc_first17"])
        organisation = Organisation.objects.filter(uscc=code).first()
        representative = self._person(company["legal_representative_mobile"])
        if organisation is None:
            organisation = accounts.create_organisation(
                uscc=code,
                name=company["name"],
                legal_representative=representative,
                region=Region.objects.get(code=company["region"]),
            )
        agent = self._person(company["agent_mobile"])
        live = AgentAuthorisation.objects.in_force().filter(organisation=organisation, agent=agent)
        if not live.exists():
            accounts.authorise_agent(
                organisation=organisation,
                by=representative,
                agent=agent,
                valid_until=dt.date.today() + dt.timedelta(days=365),
            )

    def _administrator(self) -> None:
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create_superuser(
                username=ADMIN_USERNAME,
                full_name="平台管理员",
                email="",
                password=data.DEMO_PASSWORD,
            )

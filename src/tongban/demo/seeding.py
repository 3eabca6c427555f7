"""Demo data for the embedded default, one function per kind of thing. Each is safe to run
again: what exists is kept (looked up by code, username or keyed hash)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from tongban import catalog as catalog_package
from tongban.accounts import services as accounts
from tongban.accounts.models import AgentAuthorisation, Organisation, Person, User
from tongban.catalog.importer import import_catalogue
from tongban.catalog.models import Implementation
from tongban.core.codes import resident_id_check_character, uscc_check_character
from tongban.core.crypto import lookup_hash
from tongban.core.models import Department, Region
from tongban.demo import data
from tongban.demo.processes import DEFINITIONS
from tongban.exchange.models import Provider
from tongban.exchange.sandbox.app import DEV_KEY as SANDBOX_KEY
from tongban.exchange.services import register_providers
from tongban.licences.seeding import seed_licence_types
from tongban.workflow.models import ProcessDefinition
from tongban.workflow.services import publish_definition

ADMIN_USERNAME = "admin"
SANDBOX_DEPARTMENTS_URL = "http://127.0.0.1:8702"


def seed_all() -> int:
    """Everything, in dependency order; returns how many accounts were created."""
    with transaction.atomic():
        departments = departments_of(regions())
    created = officials(departments) + citizens()
    company()
    administrator()
    processes()
    catalogue()
    seed_licence_types()
    exchange_providers()
    return created


def exchange_providers() -> None:
    """The sandbox department systems (`tongban sandbox departments`) as data providers."""
    if not Provider.objects.exists():
        register_providers("370100", SANDBOX_DEPARTMENTS_URL, SANDBOX_KEY)


def processes() -> None:
    """The demo process definitions, each published once (later runs keep what exists)."""
    existing = set(ProcessDefinition.objects.values_list("key", flat=True))
    for key, (name, steps) in DEFINITIONS.items():
        if key not in existing:
            publish_definition(key, name, steps)


DEMO_CATALOGUE = Path(catalog_package.__file__).parent / "fixtures" / "demo-catalogue.jsonl"


def catalogue() -> None:
    """The demo service catalogue, on first run only: an administrator's later edits stay."""
    if Implementation.objects.exists():
        return
    with DEMO_CATALOGUE.open(encoding="utf-8") as lines:
        import_catalogue(lines)


def regions() -> dict[str, Region]:
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


def departments_of(cities: dict[str, Region]) -> dict[tuple[str, str], Department]:
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


def officials(departments: dict[tuple[str, str], Department]) -> int:
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


def citizens() -> int:
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


def person(mobile: str) -> Person:
    return Person.objects.get(mobile_hash=lookup_hash(mobile, accounts.MOBILE_HASH_PURPOSE))


def company() -> None:
    spec = data.COMPANY
    code = spec["uscc_first17"] + uscc_check_character(spec["uscc_first17"])
    organisation = Organisation.objects.filter(uscc=code).first()
    representative = person(spec["legal_representative_mobile"])
    if organisation is None:
        organisation = accounts.create_organisation(
            uscc=code,
            name=spec["name"],
            legal_representative=representative,
            region=Region.objects.get(code=spec["region"]),
        )
    agent = person(spec["agent_mobile"])
    live = AgentAuthorisation.objects.in_force().filter(organisation=organisation, agent=agent)
    if not live.exists():
        accounts.authorise_agent(
            organisation=organisation,
            by=representative,
            agent=agent,
            valid_until=timezone.localdate() + dt.timedelta(days=365),
        )


def administrator() -> None:
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create_superuser(
            username=ADMIN_USERNAME,
            full_name="平台管理员",
            email="",
            password=data.DEMO_PASSWORD,
        )

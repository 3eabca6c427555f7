"""Factories that build valid domain objects through the same services users go through."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from tongban.accounts import services
from tongban.accounts.models import Official, Person, Role
from tongban.core.codes import resident_id_check_character, uscc_check_character
from tongban.core.models import Department, Region

PASSWORD = "Tongban@2026"
_serial = itertools.count(1)


def resident_id(region: str = "370102", birth: dt.date = dt.date(1990, 5, 17), seq: int = 0) -> str:
    """A resident ID number with a correct check character; ``seq`` makes it unique."""
    order = f"{(seq or next(_serial)) % 1000:03d}"
    first17 = f"{region}{birth:%Y%m%d}{order}"
    return first17 + resident_id_check_character(first17)


def uscc(region: str = "370100", kind: str = "11", body: int | None = None) -> str:
    """A unified social credit code with a correct check character."""
    first17 = f"{kind}{region}{(body or next(_serial)) % 10**9:09d}"
    return first17 + uscc_check_character(first17)


def mobile(seq: int | None = None) -> str:
    return f"139{(seq or next(_serial)) % 10**8:08d}"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "370000"
    name = "山东省"
    level = Region.Level.PROVINCE


def province() -> Region:
    return RegionFactory(code="370000", name="山东省", level=Region.Level.PROVINCE)


def city(code: str = "370100", name: str = "济南市") -> Region:
    return RegionFactory(code=code, name=name, level=Region.Level.CITY, parent=province())


def county(code: str = "370102", name: str = "历下区", city_code: str = "370100") -> Region:
    return RegionFactory(code=code, name=name, level=Region.Level.COUNTY, parent=city(city_code))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    uscc = factory.LazyFunction(uscc)
    name = factory.Sequence(lambda n: f"济南市测试局{n}")
    region = factory.LazyFunction(city)
    kind = factory.Sequence(lambda n: f"dept{n}")


def make_person(
    real_name: str = "张三",
    id_number: str | None = None,
    mobile_number: str | None = None,
    password: str = PASSWORD,
) -> Person:
    return services.register_person(
        services.Registration(
            real_name=real_name,
            id_number=id_number or resident_id(),
            mobile=mobile_number or mobile(),
            password=password,
        )
    )


def make_official(
    username: str | None = None,
    department: Department | None = None,
    region: Region | None = None,
    roles: tuple[str, ...] = (Role.WINDOW_CLERK,),
    password: str = PASSWORD,
) -> Official:
    department = department or DepartmentFactory()
    return services.create_official(
        username=username or f"official{next(_serial)}",
        full_name="李四",
        password=password,
        department=department,
        region=region or department.region,
        roles=roles,
    )

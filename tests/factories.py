"""Factories that build valid domain objects through the same services users go through."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
import pyotp
from django.test import Client
from django.utils import timezone

from tongban.accounts import services
from tongban.accounts.models import Official, Person, Role, TotpDevice, User
from tongban.core.codes import resident_id_check_character, uscc_check_character
from tongban.core.models import Department, Region

PASSWORD = "Tongban@2026"
# Officials made by the factory are enrolled in TOTP with this secret (RFC 4648 base32).
OFFICIAL_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
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
    enrolled: bool = True,
) -> Official:
    """An official, enrolled in TOTP with OFFICIAL_TOTP_SECRET unless ``enrolled`` is False."""
    department = department or DepartmentFactory()
    official = services.create_official(
        username=username or f"official{next(_serial)}",
        full_name="李四",
        password=password,
        department=department,
        region=region or department.region,
        roles=roles,
    )
    if enrolled:
        enrol_totp(official.user)
    return official


def enrol_totp(user: User, secret: str = OFFICIAL_TOTP_SECRET) -> TotpDevice:
    device, _ = TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": timezone.now(), "last_counter": 0}
    )
    return device


def totp_code(user: User) -> str:
    """A code the user's device accepts now. A code is good once; when this time step's and
    the next one's were both used (several sign-ins within 30 s), the device's memory of them
    is wound back, which only a test may do."""
    device = TotpDevice.objects.get(user=user)
    totp = pyotp.TOTP(device.secret)
    current = totp.timecode(timezone.now())
    counter = max(current, device.last_counter + 1)
    if counter > current + 1:
        TotpDevice.objects.filter(pk=device.pk).update(last_counter=current - 1)
        counter = current
    return totp.generate_otp(counter)


def sign_in_official(client: Client, official: Official, password: str = PASSWORD, **extra: str):
    """Password, then the TOTP code: the whole sign-in an official goes through."""
    username = official.user.get_username()
    client.post("/login/", {"username": username, "password": password, **extra})
    return client.post("/login/code/", {"code": totp_code(official.user)})

"""A demo city with the food-licence entry, its licence types seeded, a citizen who represents
a restaurant company, and a licence issued to that company."""

from __future__ import annotations

import itertools

import pytest

from tests.factories import make_person, uscc
from tests.workflow.conftest import city, food_entry, officials
from tongban.accounts import services as accounts
from tongban.accounts.models import Organisation, Person
from tongban.cases.models import Case
from tongban.licences import services
from tongban.licences.models import Licence
from tongban.licences.seeding import seed_licence_types

__all__ = ["city", "food_entry", "officials"]
_numbers = itertools.count(1)


@pytest.fixture
def licence_types(db) -> int:
    return seed_licence_types()


@pytest.fixture
def citizen(db) -> Person:
    return make_person(real_name="张伟")


@pytest.fixture
def company(citizen) -> Organisation:
    return accounts.create_organisation(
        uscc=uscc(), name="济南张记餐饮有限公司", legal_representative=citizen
    )


def case_for(entry, person: Person, organisation: Organisation | None = None, **form) -> Case:
    """A case as the approval leaves it, without walking the whole process."""
    return Case.objects.create(
        number=f"LIC{next(_numbers):06d}",
        implementation=entry,
        applicant=person,
        organisation=organisation,
        answers={"venue": "rented", "scope": ["hot_food"]},
        form={"shop_name": "张记小吃", "address": "历下区解放路1号", **form},
    )


@pytest.fixture
def licence(food_entry, officials, licence_types, citizen, company) -> Licence:
    issued = services.issue_licence(case_for(food_entry, citizen, company), officials["scjg"])
    assert issued is not None
    return issued


def pdf_of(licence: Licence) -> bytes:
    with licence.pdf.open("rb") as file:
        return file.read()

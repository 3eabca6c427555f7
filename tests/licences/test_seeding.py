"""Every licence result of the demo catalogue has a licence type with a valid type code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tongban.catalog
from tongban.core.codes import uscc_check_character
from tongban.licences.models import LicenceType
from tongban.licences.seeding import seed_licence_types

pytestmark = pytest.mark.django_db
CATALOGUE = Path(tongban.catalog.__file__).parent / "fixtures" / "demo-catalogue.jsonl"


def licence_results() -> set[str]:
    lines = (json.loads(line) for line in CATALOGUE.read_text().splitlines() if line.strip())
    return {
        line["implementation"]["result"]["name"]
        for line in lines
        if line.get("implementation", {}).get("result", {}).get("licence")
    }


def test_every_demo_licence_result_has_a_type_and_seeding_twice_changes_nothing():
    count = seed_licence_types()
    assert seed_licence_types() == count == LicenceType.objects.count()
    covered = {name for t in LicenceType.objects.all() for name in t.result_names}
    assert licence_results() <= covered
    for licence_type in LicenceType.objects.all():
        definer = licence_type.type_code[:18]
        assert uscc_check_character(definer[:17]) == definer[17]

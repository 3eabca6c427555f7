"""Relevance: everyday questions people type (tests/catalog/relevance.tsv) against the demo
catalogue, with the shipped dictionary and synonyms. A query counts as found when every item it
expects is among the first five results; at least nine in ten must be."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.db import transaction

from tests.conftest import RELEVANCE_PROPERTY
from tongban.catalog import importer, search
from tongban.demo import seeding

QUERIES = Path(__file__).with_name("relevance.tsv")
CATALOGUE = search.FIXTURES / "demo-catalogue.jsonl"
TOP = 5
REQUIRED_RECALL = 0.9

pytestmark = pytest.mark.skipif(
    not (QUERIES.is_file() and CATALOGUE.is_file()),
    reason=f"needs {QUERIES.name} and the demo catalogue ({CATALOGUE.name}), not written yet",
)


def expectations() -> list[tuple[str, set[str]]]:
    with QUERIES.open(encoding="utf-8", newline="") as lines:
        rows = csv.DictReader(lines, delimiter="\t")
        return [
            (row["query"].strip(), {c.strip() for c in row["expected_basic_codes"].split(",")})
            for row in rows
            if row["query"].strip()
        ]


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker):
    """Loaded once for the module inside a transaction that is rolled back afterwards, so the
    rest of the suite never sees it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seeding.departments_of(seeding.regions())
        with CATALOGUE.open(encoding="utf-8") as lines:
            importer.import_catalogue(lines)
        yield
        transaction.set_rollback(True)


def top_codes(query: str) -> list[str]:
    return [entry.item.basic_code for entry in search.search(query, page_size=TOP).results]


def test_everyday_queries_find_their_items_in_the_first_five(demo_catalogue, db, request):
    cases = expectations()
    misses = []
    for query, expected in cases:
        found = top_codes(query)
        if not expected <= set(found):
            wanted, got = ",".join(sorted(expected)), ",".join(found)
            misses.append(f"  {query}: expected {wanted}, got {got}")
    hits = len(cases) - len(misses)
    recall = hits / len(cases)
    report = [f"recall@{TOP} = {recall:.2f} ({hits}/{len(cases)})"]
    report += ["missed:", *misses] if misses else []
    request.node.user_properties.append((RELEVANCE_PROPERTY, report))
    assert len(cases) >= 60, "the relevance set should hold at least 60 queries"
    assert recall >= REQUIRED_RECALL, "\n".join(report)

"""Catalogue search figures at national scale, side by side (never part of the test suite).

    .venv/bin/python bench/catalog_search.py [--entries 100000] [--runs 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongban_search_bench \
        .venv/bin/python bench/catalog_search.py

It builds a throwaway test database (in-memory SQLite, or test_<name> on the PostgreSQL server in
DATABASE_URL, created and dropped), fills it with implementation entries whose items cycle through
the demo catalogue's names (with the qualifiers real catalogues carry: 变更, 延续, 注销 …), spread
over the demo departments and regions, and times everyday queries two ways:
- tongban.catalog.search.search(): one page of 20, ranked, highlighted, with the capped count;
- a naive scan: OR of search_text__icontains over the same terms, by popularity, page + count."""

from __future__ import annotations

import argparse
import json
import random
import time
import unicodedata
from collections.abc import Callable
from functools import reduce
from operator import or_

from support import setup_database

QUALIFIERS = ["", "变更", "延续", "注销", "补证", "换证", "告知承诺制", "跨省通办", "迁移"]
QUERIES: list[tuple[str, dict[str, object]]] = [
    ("开饭店", {}),
    ("生孩子要办什么", {}),
    ("身份证丢了", {}),
    ("公积金提取", {}),
    ("营业执照", {}),
    ("驾照到期", {}),
    ("收养登记", {}),
    ("火星移民", {}),
    ("社保卡", {"region": "370102", "audience": "person"}),
    ("", {}),
    ("", {"region": "370200", "online_only": True}),
]


def timed(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    result = work()  # warm caches and the query planner once
    start = time.perf_counter()
    for _ in range(runs):
        work()
    return (time.perf_counter() - start) / runs, result


def templates() -> list[dict]:
    from tongban.catalog import search

    path = search.FIXTURES / "demo-catalogue.jsonl"
    seen: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line).get("implementation")
        if entry:
            seen.setdefault(entry["item"]["basic_code"], entry)
    return list(seen.values())


def build_items(count: int) -> list[tuple[object, str]]:
    """Items cycling the demo names, each with the kind of department that implements it."""
    from tongban.catalog.importer import resolve_department
    from tongban.catalog.models import CatalogueItem

    patterns = templates()
    kinds = [resolve_department(p["department"]).kind for p in patterns]
    items = []
    for n in range(count):
        pattern = patterns[n % len(patterns)]["item"]
        qualifier = QUALIFIERS[(n // len(patterns)) % len(QUALIFIERS)]
        name = f"{pattern['name']}（{qualifier}）" if qualifier else pattern["name"]
        items.append(
            CatalogueItem(
                basic_code=f"B{n:011d}",
                name=name[:200],
                item_type=pattern["type"],
                audience=pattern["audience"],
                basis="《基准测试依据》",
                keywords=" ".join(pattern.get("keywords", [])),
            )
        )
    created = CatalogueItem.objects.bulk_create(items, batch_size=2000)
    return [(item, kinds[n % len(patterns)]) for n, item in enumerate(created)]


def build_entries(count: int, items: list[tuple[object, str]]) -> None:
    """Each item is implemented in every city by the department of its kind, in the city and
    its counties in turn; search words are cut once per item and department and reused."""
    from tongban.catalog import search
    from tongban.catalog.models import Implementation
    from tongban.core.models import Department, Region

    rng = random.Random(20260101)  # noqa: S311 - the same made-up catalogue every run
    departments = {(d.region_id, d.kind): d for d in Department.objects.select_related("region")}
    cities = list(Region.objects.filter(level=Region.Level.CITY))
    places = {c.pk: list(Region.objects.filter(code__startswith=c.scope_prefix)) for c in cities}
    words: dict[tuple[int, int], str] = {}
    batch: list[Implementation] = []
    for n in range(count):
        item, kind = items[n % len(items)]
        turn = n // len(items)
        city = cities[turn % len(cities)]
        department = departments[city.pk, kind]
        entry = Implementation(
            item=item,
            code=f"BENCH{n:010d}",
            department=department,
            region=places[city.pk][(turn // len(cities)) % len(places[city.pk])],
            exercise_level=3,
            case_type="2",
            statutory_limit=20,
            promised_limit=10,
            online_depth=rng.choice([2, 3, 4, 4]),
            conditions="符合条件的申请人。",
            place="政务服务中心",
            hours="工作日 9:00-17:00",
            phone="12345",
            result_name=item.name[:100],
            popularity=int(rng.paretovariate(1.2) * 100),
            is_active=n % 50 != 0,
        )
        key = (item.pk, department.pk)
        if key not in words:
            words[key] = search.document(entry)
        entry.search_text = words[key]
        batch.append(entry)
        if len(batch) == 5000:
            Implementation.objects.bulk_create(batch)
            batch = []
    Implementation.objects.bulk_create(batch)


def naive(query: str, filters: dict[str, object]) -> tuple[int, list]:
    """What one would write without a full-text index: substring scans over every entry."""
    from django.db.models import Q

    from tongban.catalog import search
    from tongban.catalog.models import Implementation
    from tongban.core.models import Region

    entries = Implementation.objects.filter(is_active=True).select_related(
        "item", "department", "region"
    )
    if filters.get("region"):
        scope = Region.objects.get(code=filters["region"]).scope_prefix
        entries = entries.filter(region__code__startswith=scope)
    if filters.get("audience"):
        entries = entries.filter(item__audience__in=[filters["audience"], "both"])
    if filters.get("online_only"):
        entries = entries.filter(online_depth=4)
    terms = search.query_terms(query) if query else []
    if terms:
        entries = entries.filter(reduce(or_, (Q(search_text__icontains=t) for t in terms)))
    page = list(entries.order_by("-popularity", "id")[:20])
    return entries[: search.MAX_COUNTED + 1].count(), page


def load(entry_count: int) -> None:
    from django.db import connection, transaction

    from tongban.catalog import search
    from tongban.demo import seeding

    start = time.perf_counter()
    with transaction.atomic():
        seeding.departments_of(seeding.regions())
        items = build_items(max(entry_count // 50, 1))
        build_entries(entry_count, items)
    built = time.perf_counter() - start
    start = time.perf_counter()
    search.rebuild_index()
    indexed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{entry_count:,} entries over {len(items):,} items: built in {built:.1f} s "
        f"(words cut once per item and department), FTS refilled in {indexed:.2f} s"
    )


def pad(text: str, width: int) -> str:
    """Left-align in a terminal, where a Chinese character takes two columns."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)


def compare(runs: int) -> None:
    from tongban.catalog import search

    search.lexicon()
    print(f"\none page of 20, ranked, with the capped count; mean of {runs} runs")
    print(f"  {pad('query', 16)}{pad('filters', 34)}{'hits':>6} {'search':>10} {'naive':>10} ratio")
    for query, filters in QUERIES:
        fast, page = timed(runs, lambda q=query, f=filters: search.search(q, **f))
        slow, (count, _rows) = timed(max(runs // 4, 1), lambda q=query, f=filters: naive(q, f))
        shown = ", ".join(f"{k}={v}" for k, v in filters.items()) or "-"
        print(
            f"  {pad(query or '(none)', 16)}{pad(shown, 34)}{page.total_label:>6} "
            f"{fast * 1e3:>7.1f} ms {slow * 1e3:>7.1f} ms {slow / fast:>6.1f}x"
        )
        if page.hits:
            first = page.hits[0].implementation
            print(f"    first: {first.item.name} · {first.department.name} · {first.region.name}")
        if count != page.total + page.total_capped:
            print(f"    (the naive scan counts {count}: substrings also match inside words)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    teardown = setup_database()
    try:
        load(args.entries)
        compare(args.runs)
    finally:
        teardown()


if __name__ == "__main__":
    main()

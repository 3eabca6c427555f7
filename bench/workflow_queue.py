"""Queues and case lists at scale, side by side in one run (never part of the test suite).

    .venv/bin/python bench/workflow_queue.py [--processes 300000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongban_queue_bench \\
        .venv/bin/python bench/workflow_queue.py

Builds a throwaway test database with many processes spread over the demo departments, each
with one open task, then times an official's first queue page, a page deep in the queue by
key (what the pages and API do) and the same page by OFFSET (what they avoid)."""

from __future__ import annotations

import argparse
import datetime as dt

from support import setup_database, timed

PAGE = 20


def build(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from tests.catalog.conftest import CATERING, food_licence_line, load

    from tongban.catalog.models import Implementation
    from tongban.core.models import Department
    from tongban.demo import seeding
    from tongban.workflow.models import Process, ProcessDefinition, Task

    seeding.departments_of(seeding.regions())
    seeding.processes()
    departments = list(Department.objects.filter(region__code="370100"))
    load(CATERING, food_licence_line(next(d for d in departments if d.kind == "scjg")))
    entry = Implementation.objects.get()
    definition = ProcessDefinition.objects.get(key="food-licence")
    now, today = timezone.now(), timezone.localdate()
    for start in range(0, count, 20_000):
        batch = range(start, min(count, start + 20_000))
        with transaction.atomic():
            processes = Process.objects.bulk_create(
                Process(
                    number=f"B{i:012d}",
                    definition=definition,
                    implementation=entry,
                    lead_department=entry.department,
                    region_code="370100",
                    state="review",
                    submitted_at=now,
                    intake_started_at=now,
                    accepted_at=now,
                    promised_days=10,
                    deadline=today,
                )
                for i in batch
            )
            Task.objects.bulk_create(
                Task(
                    process=p,
                    step="joint-review",
                    kind="review",
                    role="reviewer",
                    department=departments[i % len(departments)],
                    due_on=today + dt.timedelta(days=i % 400),
                )
                for i, p in zip(batch, processes, strict=True)
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # production tables have planner statistics
            cursor.execute("ANALYZE")
    print(f"built {count:,} processes with one open task each over {len(departments)} departments")


def bench_queue() -> None:
    from tests.factories import make_official

    from tongban.core.models import Department
    from tongban.workflow import selectors

    official = make_official(
        department=Department.objects.get(region__code="370100", kind="wjw"), roles=("reviewer",)
    )
    queue = selectors.task_queue(official)
    deep = list(queue.values_list("due_on", "id")[5000:5001])
    due, task_id = deep[0]
    print("\nan official's queue (open tasks of one department, soonest due first)")
    first = timed("first page", 50, lambda: list(queue[:PAGE]))
    by_key = timed(
        "page after 5,000 tasks, by key",
        50,
        lambda: list(selectors.after_key(queue, due, task_id)[:PAGE]),
    )
    by_offset = timed(
        "page after 5,000 tasks, by OFFSET", 50, lambda: list(queue[5000 : 5000 + PAGE])
    )
    print(
        f"  -> first page {first * 1e3:.2f} ms; by key {by_offset / by_key:.1f}x faster "
        "than OFFSET at depth 5,000"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=300_000)
    args = parser.parse_args()
    teardown = setup_database()
    try:
        build(args.processes)
        bench_queue()
    finally:
        teardown()


if __name__ == "__main__":
    main()

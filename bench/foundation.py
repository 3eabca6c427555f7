"""Foundation figures, side by side in one run (never part of the test suite).

    .venv/bin/python bench/foundation.py [--people 20000] [--audit 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongban_bench \
        .venv/bin/python bench/foundation.py

It builds a throwaway test database (in-memory SQLite, or test_<name> on the PostgreSQL server in
DATABASE_URL, created and dropped) and prints:
- finding a person by ID number through the keyed-hash index vs decrypting every row;
- appending to the hash-chained audit log, and verifying the whole chain;
- adding 20 working days with the packaged calendar vs an administrator-loaded year."""

from __future__ import annotations

import argparse
import datetime as dt

from support import setup_database, timed


def resident_ids(count: int) -> list[str]:
    from tongban.core.codes import resident_id_check_character

    numbers = []
    for i in range(count):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=i // 1000)
        first17 = f"370102{birth:%Y%m%d}{i % 1000:03d}"
        numbers.append(first17 + resident_id_check_character(first17))
    return numbers


def bench_people(count: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from tongban.accounts.models import Person, User
    from tongban.accounts.services import ID_HASH_PURPOSE, MOBILE_HASH_PURPOSE
    from tongban.core.crypto import lookup_hash

    numbers = resident_ids(count)
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(username=f"bench{i}", full_name="测试", password=make_password(None))
            for i in range(count)
        )
        Person.objects.bulk_create(
            (
                Person(
                    user=user,
                    real_name="测试",
                    id_number=number,
                    id_number_hash=lookup_hash(number, ID_HASH_PURPOSE),
                    mobile=f"139{i:08d}",
                    mobile_hash=lookup_hash(f"139{i:08d}", MOBILE_HASH_PURPOSE),
                    birth_date=dt.date(1990, 1, 1),
                    sex="M",
                    birth_region_code="370102",
                )
                for i, (user, number) in enumerate(zip(users, numbers, strict=True))
            ),
            batch_size=2000,
        )
    target = numbers[count // 2]
    print(f"\nfind one person among {count:,} by ID number (numbers encrypted at rest)")
    by_hash = timed(
        "keyed-hash index (id_number_hash)",
        500,
        lambda: Person.objects.get(id_number_hash=lookup_hash(target, ID_HASH_PURPOSE)),
    )
    scan = timed(
        "decrypt every row and compare",
        3,
        lambda: next(p for p in Person.objects.iterator(chunk_size=2000) if p.id_number == target),
    )
    print(f"  -> the index is {scan / by_hash:,.0f}x faster")


def bench_audit(count: int) -> None:
    from tongban.core import audit

    print(f"\naudit log: {count:,} appends, then verify the whole chain")
    append = timed(
        "append one entry (chain head locked)",
        count,
        lambda: audit.record("bench.event", ("bench", "1"), changes={"n": 1}),
    )
    verify = timed("verify the whole chain", 1, audit.verify)
    print(f"  -> {1 / append:,.0f} appends/s; verify {count / verify:,.0f} entries/s")


def bench_calendar() -> None:
    from tongban.core.models import HolidayDay, HolidayYear
    from tongban.core.workdays import WorkCalendar

    print("\nadd 20 working days to each day of 2026 (365 deadlines)")
    starts = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(365)]

    def deadlines() -> None:
        calendar = WorkCalendar()
        for start in starts[:300]:
            calendar.add_working_days(start, 20)

    packaged = timed("chinesecalendar package", 5, deadlines)
    year = HolidayYear.objects.create(year=2026, notice="bench copy of the 2026 schedule")
    import chinese_calendar

    HolidayDay.objects.bulk_create(
        HolidayDay(year=year, date=day, kind=HolidayDay.Kind.HOLIDAY, name="假日")
        for day in chinese_calendar.get_holidays(dt.date(2026, 1, 1), dt.date(2026, 12, 31), False)
    )
    loaded = timed("administrator-loaded year (one query)", 5, deadlines)
    print(f"  -> loaded/packaged = {loaded / packaged:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--audit", type=int, default=2000)
    args = parser.parse_args()
    teardown = setup_database()
    try:
        bench_people(args.people)
        bench_audit(args.audit)
        bench_calendar()
    finally:
        teardown()


if __name__ == "__main__":
    main()

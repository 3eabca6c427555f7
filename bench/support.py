"""What every bench script shares: a throwaway test database and a timer that prints."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

# The scripts run as `python bench/NAME.py`: make the project's tests package importable too.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_database(*, announce: bool = True) -> Callable[[], None]:
    """A fresh test database (SQLite file, or test_<name> on the PostgreSQL server named by
    DATABASE_URL), migrated; returns the function that drops it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongban.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False)
    if announce:
        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    return lambda: teardown_databases(config, verbosity=0)


def timed(label: str, runs: int, work: Callable[[], object]) -> float:
    """Run ``work`` ``runs`` times, print the mean, return it in seconds."""
    start = time.perf_counter()
    for _ in range(runs):
        work()
    per_call = (time.perf_counter() - start) / runs
    print(f"  {label:<48} {per_call * 1e3:10.3f} ms/op  ({runs} runs)")
    return per_call

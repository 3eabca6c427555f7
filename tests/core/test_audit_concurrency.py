"""Concurrent writers extend one chain: the chain-head lock serialises appends.

The in-process test commits for real (transaction=True), so the tables must be emptied
afterwards, and the audit log refuses exactly that: the test empties it with the triggers off,
and they stay off until the module ends, because pytest-django then truncates every table and
PostgreSQL's trigger refuses TRUNCATE even on an empty table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.core import tampering
from tongban.core import audit
from tongban.core.models import AuditChainHead, AuditEntry

THREADS = 4
ENTRIES_PER_THREAD = 10
PROJECT_DIR = Path(__file__).resolve().parents[2]


def in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
        connection.settings_dict["TEST"].get("NAME") or ":memory:"
    )


@pytest.fixture(scope="module")
def triggers_back_on_at_module_end(django_db_setup, django_db_blocker) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        tampering.enable_triggers()


@pytest.fixture
def committed_log(triggers_back_on_at_module_end, transactional_db) -> Iterator[None]:
    yield
    tampering.disable_triggers()
    AuditEntry.objects.all().delete()
    AuditChainHead.objects.all().delete()


def write_entries(worker: int, errors: list[BaseException]) -> None:
    try:
        for n in range(ENTRIES_PER_THREAD):
            audit.record("test.concurrent", ("tests.worker", worker), changes={"n": n})
    except BaseException as error:  # the main thread reports it
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.skipif(
    in_memory_sqlite(),
    reason="in-memory shared-cache SQLite fails a second writer at once; see the file test below",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_build_one_valid_chain(committed_log) -> None:
    errors: list[BaseException] = []
    workers = [
        threading.Thread(target=write_entries, args=(worker, errors)) for worker in range(THREADS)
    ]

    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()

    assert errors == []
    assert AuditEntry.objects.count() == THREADS * ENTRIES_PER_THREAD
    assert audit.verify() == audit.VerifyResult(ok=True, checked=THREADS * ENTRIES_PER_THREAD)


def test_concurrent_writers_on_the_embedded_sqlite_file_build_one_valid_chain(
    tmp_path: Path,
) -> None:
    """The production default: a SQLite file in WAL mode, IMMEDIATE transactions."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"TONGBAN_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tongban.settings.test"}

    finished = subprocess.run(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "tests.core.concurrent_writers",
            str(THREADS),
            str(ENTRIES_PER_THREAD),
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    outcome = json.loads(finished.stdout.strip().splitlines()[-1])
    total = THREADS * ENTRIES_PER_THREAD
    assert outcome == {"errors": [], "entries": total, "ok": True, "checked": total, "problem": ""}

"""Concurrent writers extend one chain: the chain-head lock serialises appends. The test
commits for real, on SQLite (a file, as in the embedded default) and on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tongban.core import audit
from tongban.core.models import AuditEntry

THREADS = 4
ENTRIES_PER_THREAD = 10


def write_entries(worker: int, errors: list[BaseException]) -> None:
    try:
        for n in range(ENTRIES_PER_THREAD):
            audit.record("test.concurrent", ("tests.worker", worker), changes={"n": n})
    except BaseException as error:  # the main thread reports it
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_build_one_valid_chain() -> None:
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

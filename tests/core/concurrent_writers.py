"""Run as a program against the database the environment names: migrate it, let several
threads append audit entries at once, verify the chain, and print the outcome as JSON.

    python -m tests.core.concurrent_writers THREADS ENTRIES_PER_THREAD

It exists because the test suite's SQLite database lives in memory with a shared cache, where
a second writer fails at once ("database table is locked") instead of waiting; the embedded
default in production is a file in WAL mode, whose writers queue on the busy timeout."""

from __future__ import annotations

import json
import os
import sys
import threading


def write(worker: int, entries: int, errors: list[str]) -> None:
    from django.db import connection

    from tongban.core import audit

    try:
        for n in range(entries):
            audit.record("test.concurrent", ("tests.worker", worker), changes={"n": n})
    except Exception as error:  # reported in the JSON outcome
        errors.append(repr(error))
    finally:
        connection.close()


def main(threads: int, entries: int) -> dict[str, object]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongban.settings.test")
    django.setup()
    from django.core.management import call_command

    from tongban.core import audit
    from tongban.core.models import AuditEntry

    call_command("migrate", verbosity=0)
    errors: list[str] = []
    workers = [
        threading.Thread(target=write, args=(worker, entries, errors)) for worker in range(threads)
    ]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    result = audit.verify()
    return {
        "errors": errors,
        "entries": AuditEntry.objects.count(),
        "ok": result.ok,
        "checked": result.checked,
        "problem": result.problem,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))

"""A real Chromium for the browser tests: Debian's own build, driven by Playwright's sync API.

Playwright's sync API runs an event loop in the test thread, which makes Django refuse ORM
calls there as "async-unsafe"; the test thread only sets up data before the browser acts, so
the guard is lifted for these tests.

The live server commits for real, so pytest-django empties every table after each test, and
the audit log refuses exactly that (append-only triggers; PostgreSQL's refuses TRUNCATE even of
an empty table). Each test therefore empties the log with the triggers off, and they stay off
until the module ends."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator

import pytest
from django.db import connection

from tongban.core.models import AuditChainHead, AuditEntry

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The migration's module name starts with a digit, so it cannot be imported by name.
append_only = importlib.import_module("tongban.core.migrations.0002_audit_append_only")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _switch_audit_triggers(on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"ALTER TABLE core_auditentry {'ENABLE' if on else 'DISABLE'} TRIGGER USER"
            )
        else:
            for statement in append_only.SQLITE_UP if on else append_only.SQLITE_DOWN:
                cursor.execute(statement)


@pytest.fixture(scope="module", autouse=True)
def _audit_triggers_back_on(django_db_blocker) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        _switch_audit_triggers(on=True)


@pytest.fixture(autouse=True)
def _committed_audit_log_emptied(transactional_db) -> Iterator[None]:
    yield
    _switch_audit_triggers(on=False)
    AuditEntry.objects.all().delete()
    AuditChainHead.objects.all().delete()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()

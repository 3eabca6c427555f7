"""The audit log's append-only triggers, switched off the way the table's owner could: used by
tamper tests, and to empty the log after tests whose data is really committed."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from tongban.core.models import AuditChainHead, AuditEntry

# The migration's module name starts with a digit, so it cannot be imported by name.
append_only = importlib.import_module("tongban.core.migrations.0002_audit_append_only")


def disable_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
        else:
            for statement in append_only.SQLITE_DOWN:
                cursor.execute(statement)


def enable_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER USER")
        else:
            for statement in append_only.SQLITE_UP:
                cursor.execute(statement)


@contextmanager
def triggers_off() -> Iterator[None]:
    disable_triggers()
    try:
        yield
    finally:
        enable_triggers()


def empty_committed_log() -> None:
    """Delete every entry as the owner would, so the end-of-test flush finds an empty log."""
    with triggers_off():
        AuditEntry.objects.all().delete()
    AuditChainHead.objects.all().delete()

"""What an attacker with the table owner's rights can do to the audit log: switch the
append-only triggers off, then change rows behind the application's back."""

from __future__ import annotations

from django.db import connection

from tests.audit_log import triggers_off
from tongban.core.models import AuditEntry


def execute(sql: str, params: list[object]) -> None:
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def edit(entry_id: int, **values: object) -> None:
    """A raw UPDATE of some columns, leaving the stored hashes as they were."""
    assignments = ", ".join(f"{column} = %s" for column in values)
    execute(
        f"UPDATE core_auditentry SET {assignments} WHERE id = %s",  # noqa: S608 - test columns
        [*values.values(), entry_id],
    )


def delete(entry_id: int) -> None:
    execute("DELETE FROM core_auditentry WHERE id = %s", [entry_id])


def swap(first_id: int, second_id: int) -> None:
    """Exchange two entries' whole contents (hashes included), keeping their ids."""
    columns = [f.attname for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    first, second = (
        AuditEntry.objects.filter(pk=pk).values(*columns).get() for pk in (first_id, second_id)
    )
    with triggers_off():
        # entry_hash is unique: park the first entry on a placeholder while the second moves.
        AuditEntry.objects.filter(pk=first_id).update(entry_hash="parked")
        AuditEntry.objects.filter(pk=second_id).update(**first)
        AuditEntry.objects.filter(pk=first_id).update(**second)

"""The audit log (审计日志): every state change of every room is recorded here.

Each entry holds the SHA-256 of its own canonical content and of the entry before it, so an
entry that is edited, deleted or moved breaks the chain where it happened. Appends take a lock on
the single chain-head row, so concurrent writers (processes, machines) extend one line, not two.
The tables refuse UPDATE and DELETE by trigger (migration 0002); in production the application's
database role is additionally granted only INSERT and SELECT on core_auditentry."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from tongban.core.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who did it: a user (or nobody, for the system), whom they acted for, and from where."""

    user_id: int | None = None
    label: str = "system"
    acting_for: str = ""
    ip_address: str | None = None

    @classmethod
    def of(cls, user: Any, *, acting_for: str = "", ip_address: str | None = None) -> Actor:
        if user is None or not getattr(user, "is_authenticated", False):
            return cls(label="anonymous", acting_for=acting_for, ip_address=ip_address)
        return cls(user.pk, user.get_username(), acting_for, ip_address)


SYSTEM = Actor()


def canonical_json(value: Any) -> str:
    """One byte-exact text for a JSON value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain(changes: dict[str, Any]) -> dict[str, Any]:
    """Dates, decimals and UUIDs become strings now, so what is hashed is what is stored."""
    return json.loads(json.dumps(changes, cls=DjangoJSONEncoder))


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def compute_hash(entry: AuditEntry) -> str:
    content = {
        "at": _timestamp(entry.created_at),
        "actor_id": entry.actor_id,
        "actor": entry.actor_label,
        "for": entry.acting_for,
        "action": entry.action,
        "type": entry.object_type,
        "id": entry.object_id,
        "ip": entry.ip_address,
        "changes": entry.changes,
        "prev": entry.prev_hash,
    }
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def _describe(target: models.Model | tuple[str, str]) -> tuple[str, str]:
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    object_type, object_id = target
    return object_type, str(object_id)


def _stored_ip(address: str | None) -> str | None:
    """The address as the column stores it (IPv6 compressed, lower case): the hash must cover
    what verify() reads back, or "2001:DB8::1" would look like an edited entry."""
    return AuditEntry._meta.get_field("ip_address").get_prep_value(address)


def record(
    action: str,
    target: models.Model | tuple[str, str],
    *,
    actor: Actor = SYSTEM,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction that makes the change it describes, so
    the change and its record commit together or not at all."""
    object_type, object_id = _describe(target)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS_HASH}
        )
        entry = AuditEntry(
            created_at=timezone.now(),
            actor_id=actor.user_id,
            actor_label=actor.label[:150],
            acting_for=actor.acting_for[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            ip_address=_stored_ip(actor.ip_address),
            changes=_plain(changes or {}),
            prev_hash=head.last_hash,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save(force_insert=True)
        head.last_entry_id, head.last_hash = entry.pk, entry.entry_hash
        head.save(update_fields=["last_entry_id", "last_hash"])
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    bad_entry_id: int | None = None
    problem: str = ""


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("id").iterator(chunk_size=5000)


def _break_before(entry: AuditEntry, expected_prev: str) -> str:
    """Why ``entry`` does not follow the entry before it: something missing, or moved."""
    linked = AuditEntry.objects.filter(entry_hash=entry.prev_hash).values_list("id", flat=True)
    linked_id = next(iter(linked), None)
    if linked_id is not None and linked_id > entry.pk:
        return (
            f"entry #{entry.pk} is out of order: it follows entry #{linked_id}, which comes later"
        )
    if entry.prev_hash == GENESIS_HASH and expected_prev != GENESIS_HASH:
        return f"entry #{entry.pk} claims to be the first entry: the order was changed"
    return f"an entry before #{entry.pk} was deleted or rewritten: the entry it follows is missing"


def verify() -> VerifyResult:
    """Walk the whole chain in order; stop at the first entry that was edited, deleted or moved."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    for entry in _entries():
        if entry.prev_hash != expected_prev:
            return VerifyResult(False, checked, entry.pk, _break_before(entry, expected_prev))
        if compute_hash(entry) != entry.entry_hash:
            return VerifyResult(False, checked, entry.pk, f"entry #{entry.pk} was edited")
        expected_prev, last_id = entry.entry_hash, entry.pk
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_entry_id, head.last_hash) != (last_id, expected_prev):
        return VerifyResult(
            False,
            checked,
            head.last_entry_id,
            f"entries after #{last_id} were deleted: the chain ended at #{head.last_entry_id}",
        )
    return VerifyResult(True, checked)

"""The audit log: append-only in the database, hash-chained, and verifiable after the fact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import DatabaseError, connection, transaction

from tests.core import tampering
from tongban.core import audit
from tongban.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db

ALICE = audit.Actor(user_id=7, label="alice", acting_for="某某公司", ip_address="192.0.2.1")


def record_entries(count: int) -> list[AuditEntry]:
    return [
        audit.record(f"test.step_{n}", ("tests.thing", n), actor=ALICE, changes={"n": n})
        for n in range(1, count + 1)
    ]


class TestRecording:
    def test_entries_chain_and_verify(self) -> None:
        entries = record_entries(5)

        assert entries[0].prev_hash == audit.GENESIS_HASH
        assert [e.prev_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]
        assert audit.verify() == audit.VerifyResult(ok=True, checked=5)
        head = AuditChainHead.objects.get()
        assert (head.last_entry_id, head.last_hash) == (entries[-1].pk, entries[-1].entry_hash)

    def test_an_empty_log_verifies(self) -> None:
        assert audit.verify() == audit.VerifyResult(ok=True, checked=0)

    def test_an_entry_names_its_object_and_actor(self) -> None:
        entry = audit.record("test.done", ("tests.thing", 42), actor=ALICE)

        entry.refresh_from_db()
        assert (entry.object_type, entry.object_id, entry.action) == (
            "tests.thing",
            "42",
            "test.done",
        )
        assert (entry.actor_id, entry.actor_label, entry.acting_for) == (7, "alice", "某某公司")
        assert entry.ip_address == "192.0.2.1"

    def test_a_model_instance_is_named_by_label_and_key(self) -> None:
        head = AuditChainHead.objects.create(last_hash=audit.GENESIS_HASH)

        entry = audit.record("test.touched", head)

        assert (entry.object_type, entry.object_id) == ("core.auditchainhead", "1")
        assert entry.actor_label == "system"

    def test_dates_and_decimals_in_changes_are_hashed_as_stored(self) -> None:
        audit.record(
            "test.values",
            ("tests.thing", 1),
            changes={"on": dt.date(2025, 10, 14), "fee": Decimal("12.50"), "名称": "通办"},
        )

        assert AuditEntry.objects.get().changes == {
            "on": "2025-10-14",
            "fee": "12.50",
            "名称": "通办",
        }
        assert audit.verify().ok

    @pytest.mark.parametrize("address", ["2001:DB8:0:0::1", "::ffff:192.0.2.1", "192.0.2.1"])
    def test_an_address_in_any_spelling_verifies(self, address: str) -> None:
        """The column normalises IPv6; the hash must cover the stored spelling."""
        audit.record("test.ip", ("tests.thing", 1), actor=audit.Actor(ip_address=address))

        assert audit.verify().ok


class TestAppendOnly:
    """The database itself refuses changes, whatever the application does."""

    def test_an_update_through_the_orm_is_refused(self) -> None:
        (entry,) = record_entries(1)

        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(action="test.rewritten")

        entry.refresh_from_db()
        assert entry.action == "test.step_1"

    def test_saving_a_changed_entry_is_refused(self) -> None:
        (entry,) = record_entries(1)
        entry.object_id = "999"

        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            entry.save()

    def test_deleting_through_the_orm_is_refused(self) -> None:
        entries = record_entries(2)

        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            entries[0].delete()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEntry.objects.all().delete()

        assert AuditEntry.objects.count() == 2

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
    def test_truncating_is_refused(self) -> None:
        record_entries(1)

        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("TRUNCATE core_auditentry")


class TestTamperingIsDetected:
    """An owner can switch the triggers off; the hash chain still shows what was done."""

    def test_an_edited_entry_is_named(self) -> None:
        entries = record_entries(5)

        tampering.edit(entries[2].pk, object_id="999")

        result = audit.verify()
        assert not result.ok
        assert result.bad_entry_id == entries[2].pk
        assert result.checked == 2
        assert "edited" in result.problem

    def test_an_edit_with_a_recomputed_hash_is_caught_at_the_next_entry(self) -> None:
        entries = record_entries(4)
        forged = AuditEntry.objects.get(pk=entries[1].pk)
        forged.object_id = "999"

        tampering.edit(entries[1].pk, object_id="999", entry_hash=audit.compute_hash(forged))

        result = audit.verify()
        assert result.bad_entry_id == entries[2].pk
        assert "deleted or rewritten" in result.problem

    def test_a_deleted_entry_is_reported_at_the_entry_after_it(self) -> None:
        entries = record_entries(5)

        tampering.delete(entries[2].pk)

        result = audit.verify()
        assert not result.ok
        assert result.bad_entry_id == entries[3].pk
        assert "deleted" in result.problem

    def test_two_swapped_entries_are_reported(self) -> None:
        entries = record_entries(5)

        tampering.swap(entries[1].pk, entries[2].pk)

        result = audit.verify()
        assert not result.ok
        assert result.bad_entry_id == entries[1].pk
        assert "out of order" in result.problem

    def test_deleting_the_first_entry_is_reported(self) -> None:
        entries = record_entries(3)

        tampering.delete(entries[0].pk)

        result = audit.verify()
        assert (result.ok, result.bad_entry_id) == (False, entries[1].pk)

    def test_deleting_the_last_entry_is_caught_by_the_chain_head(self) -> None:
        entries = record_entries(4)

        tampering.delete(entries[-1].pk)

        result = audit.verify()
        assert not result.ok
        assert result.checked == 3
        assert result.bad_entry_id == entries[-1].pk
        assert "deleted" in result.problem

    def test_the_triggers_are_back_after_tampering(self) -> None:
        entries = record_entries(2)
        tampering.edit(entries[0].pk, object_id="999")

        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEntry.objects.filter(pk=entries[1].pk).delete()


class TestVerifyCommand:
    def test_a_whole_chain_prints_ok_with_the_count(self, capsys) -> None:
        record_entries(3)

        call_command("audit", "verify")

        assert "审计日志校验通过：共 3 条。 (audit log OK: 3 entries)" in capsys.readouterr().out

    def test_a_broken_chain_names_the_entry_and_exits_1(self) -> None:
        entries = record_entries(3)
        tampering.edit(entries[1].pk, action="test.rewritten")

        with pytest.raises(CommandError, match=f"#{entries[1].pk}") as caught:
            call_command("audit", "verify")

        assert caught.value.returncode == 1
        assert "edited" in str(caught.value)

    def test_from_the_command_line_a_broken_chain_exits_non_zero(self, capsys) -> None:
        entries = record_entries(2)
        tampering.delete(entries[0].pk)

        with pytest.raises(SystemExit) as exit_status:
            ManagementUtility(["tongban", "audit", "verify"]).execute()

        assert exit_status.value.code == 1
        assert "审计日志校验失败" in capsys.readouterr().err

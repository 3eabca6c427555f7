"""tongban audit verify: recompute the audit log's hash chain and name the first broken entry.

Exit status 0 when the chain is whole, 1 otherwise, so a scheduled job can alert on it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.core import audit


class Command(BaseCommand):
    help = "校验审计日志的哈希链。Verify the audit log's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("verify", help="校验整条哈希链 (verify the whole chain)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit.verify()
        if not result.ok:
            raise CommandError(
                f"审计日志校验失败：条目 #{result.bad_entry_id}（此前 {result.checked} 条完好）。"
                f" (audit log BROKEN at entry #{result.bad_entry_id}: {result.problem})",
                returncode=1,
            )
        self.stdout.write(
            f"审计日志校验通过：共 {result.checked} 条。 (audit log OK: {result.checked} entries)"
        )

"""tongban workflow accept-overdue: run from a scheduler (cron, systemd timer) every day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tongban.workflow.services import accept_overdue_intakes


class Command(BaseCommand):
    help = "审批流程的定时任务。Scheduled workflow jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "accept-overdue", help="受理期满未处理的申请依法视为受理（行政许可法第三十二条）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        numbers = accept_overdue_intakes()
        for number in numbers:
            self.stdout.write(f"视为受理：{number}")
        self.stdout.write(self.style.SUCCESS(f"共 {len(numbers)} 件逾期视为受理。"))

"""tongban workflow accept-overdue: run from a scheduler (cron, systemd timer) every day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.workflow.services import accept_overdue_intakes


class Command(BaseCommand):
    help = "审批流程的定时任务。Scheduled workflow jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "accept-overdue", help="受理期满未处理的申请依法视为受理（行政许可法第三十二条）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = accept_overdue_intakes()
        for number in run.accepted:
            self.stdout.write(f"视为受理：{number}")
        self.stdout.write(self.style.SUCCESS(f"共 {len(run.accepted)} 件逾期视为受理。"))
        if run.waiting:
            self.stdout.write(
                f"{len(run.waiting)} 件的受理期限按预计放假安排计算，等待官方放假安排导入后再判断："
                + "、".join(run.waiting)
            )
        if run.failed:
            for number, error in run.failed:
                self.stderr.write(f"处理失败：{number}：{error}")
            raise CommandError(
                f"{len(run.failed)} 件处理失败（其余已处理），请查看日志后重新运行。"
                f" ({len(run.failed)} failed; the others were handled)"
            )

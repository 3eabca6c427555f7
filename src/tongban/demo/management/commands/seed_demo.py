"""tongban seed-demo: load the demo province, departments, officials, citizens and a company."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tongban.demo.seeding import seed_all


class Command(BaseCommand):
    help = "载入演示数据（可重复执行）。Load the demo data (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.TONGBAN_ALLOW_DEMO_DATA:
            raise CommandError("此环境不允许载入演示数据（TONGBAN_ALLOW_DEMO_DATA=0）。")
        created = seed_all()
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪（本次新建账户 {created} 个）。"))

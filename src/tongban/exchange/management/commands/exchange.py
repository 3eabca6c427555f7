"""tongban exchange setup --base-url URL --key KEY [--region 370100]: declare the datasets of
the registry and their providers (the department systems at URL, signing with KEY)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.core.models import Department
from tongban.exchange import services
from tongban.exchange.sandbox.app import DEV_KEY


class Command(BaseCommand):
    help = "配置共享数据提供方。Declare the data-exchange providers and datasets."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        setup = actions.add_parser("setup", help="登记数据提供方与共享数据项（可重复执行）")
        setup.add_argument("--base-url", default="http://127.0.0.1:8702")
        setup.add_argument("--key", default=os.environ.get("TONGBAN_SANDBOX_KEY", DEV_KEY))
        setup.add_argument("--region", default="370100", help="提供方部门所在的区划代码")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = services.register_providers(
                options["region"], options["base_url"], options["key"]
            )
        except Department.DoesNotExist:
            raise CommandError(
                f"区划 {options['region']} 下缺少提供数据的部门，请先运行 tongban seed-demo。"
            ) from None
        self.stdout.write(f"已登记 {count} 个共享数据项。")

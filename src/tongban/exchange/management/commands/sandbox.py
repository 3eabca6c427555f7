"""tongban sandbox departments [--port 8702]: the sandbox department systems, in their own
process (the platform's settings and database are not used by it)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "启动部门系统沙箱。Run the sandbox department systems (data exchange)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        systems = parser.add_subparsers(dest="system", required=True)
        departments = systems.add_parser("departments", help="共享数据的部门系统（签名请求）")
        departments.add_argument("--host", default="127.0.0.1")
        departments.add_argument("--port", type=int, default=8702)

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [
            sys.executable,
            "-m",
            "tongban.exchange.sandbox.server",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
        ]
        os.execv(sys.executable, argv)  # noqa: S606 - the sandbox replaces this process

"""tongban sandbox idcheck [--port 8701] | departments [--port 8702]: a sandbox service in its
own process (the platform's settings and database are not used by it).

The sandboxes stand in for systems outside the platform (the identity-verification service of
the accounts room, the department systems of the exchange room); one command starts any of
them, from the demo room that sits above both."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

SANDBOXES = {
    "idcheck": ("tongban.accounts.sandbox.server", 8701, "实名核验服务（签名应答）"),
    "departments": ("tongban.exchange.sandbox.server", 8702, "共享数据的部门系统（签名请求）"),
}


class Command(BaseCommand):
    help = "启动沙箱服务。Run a sandbox service (identity verification, department systems)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        systems = parser.add_subparsers(dest="system", required=True)
        for name, (_module, port, description) in SANDBOXES.items():
            sandbox = systems.add_parser(name, help=description)
            sandbox.add_argument("--host", default="127.0.0.1")
            sandbox.add_argument("--port", type=int, default=port)

    def handle(self, *args: Any, **options: Any) -> None:
        module = SANDBOXES[options["system"]][0]
        argv = [sys.executable, "-m", module, "--host", options["host"]]
        argv += ["--port", str(options["port"])]
        os.execv(sys.executable, argv)  # noqa: S606 - the sandbox replaces this process

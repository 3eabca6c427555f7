"""tongban serve: the platform behind gunicorn, static files served by whitenoise."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "启动通办服务（gunicorn）。Serve Tongban with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("TONGBAN_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("TONGBAN_WORKERS", "2"))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # gunicorn is installed beside this interpreter, in the same virtual environment.
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        argv = [
            gunicorn,
            "tongban.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
        ]
        os.execv(gunicorn, argv)  # noqa: S606 - replaces this process with the server

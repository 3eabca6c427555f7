"""tongban catalog import FILE | export [FILE]: implementation lists in bulk.

The format is described in docs/catalog/FORMAT.md."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.catalog import importer


class Command(BaseCommand):
    help = "导入或导出事项目录（JSON Lines）。Import or export the service catalogue."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="导入文件；有任何错误则整体拒绝")
        load.add_argument("file", type=Path)
        dump = actions.add_parser("export", help="导出全部事项；不给文件名则输出到标准输出")
        dump.add_argument("file", type=Path, nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["file"])
        else:
            self._export(options["file"])

    def _import(self, path: Path) -> None:
        try:
            with path.open(encoding="utf-8-sig") as lines:
                report = importer.import_catalogue(lines)
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"文件 {path} 不是 UTF-8 编码。") from None
        except importer.ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(str(rejected.message)) from None
        summary = (
            f"导入完成：新增 {report.created} 项，更新 {report.updated} 项，"
            f"主题 {report.life_events} 个。"
        )
        self.stdout.write(self.style.SUCCESS(summary))

    def _export(self, path: Path | None) -> None:
        out = path.open("w", encoding="utf-8") if path else sys.stdout
        try:
            for line in importer.export_catalogue():
                out.write(line + "\n")
        finally:
            if path:
                out.close()

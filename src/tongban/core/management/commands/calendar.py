"""tongban calendar: load a year's official holiday schedule from a CSV file, or show a year.

    tongban calendar load 2027.csv --year 2027 --notice "国办发明电〔2026〕N号"
    tongban calendar show 2027

The file format is described in docs/calendar/README.md."""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.core import audit, services
from tongban.core.errors import DomainError
from tongban.core.models import HolidayDay
from tongban.core.services import WEEKDAY_NAMES
from tongban.core.workdays import year_schedule

HEADER = ["date", "kind", "name"]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
KIND_LABELS = dict(HolidayDay.Kind.choices)


class Command(BaseCommand):
    help = "导入或查看法定节假日安排。Load or show a year's official holiday schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="从CSV文件导入一年的放假安排 (load a CSV file)")
        load.add_argument("file", type=Path)
        load.add_argument("--year", type=int, required=True)
        load.add_argument("--notice", required=True, help="通知文号，如 国办发明电〔2026〕N号")
        show = actions.add_parser("show", help="显示一年的节假日和调休上班日 (show a year)")
        show.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            self._load(options["file"], options["year"], options["notice"])
        else:
            self._show(options["year"])

    def _load(self, path: Path, year: int, notice: str) -> None:
        rows, lines, errors = _read_schedule(path)
        if errors:
            # Report the rows the service would refuse too, so one run lists every mistake.
            problems = services.holiday_day_problems(year, rows)
            errors.update({lines[index]: message for index, message in problems.items()})
            raise CommandError(_report(path, errors))
        try:
            loaded = services.load_holiday_year(year, notice, rows, _cli_actor(), lines=lines)
        except DomainError as error:
            details = "\n".join(
                f"  {_field_label(field)}：{text}" for field, text in error.fields.items()
            )
            raise CommandError(f"{error.message}\n{details}") from None
        self.stdout.write(
            f"已导入{loaded.year}年放假安排（{loaded.notice}）：共 {len(rows)} 天。"
            f" (loaded {len(rows)} days for {loaded.year})"
        )

    def _show(self, year: int) -> None:
        try:
            schedule = year_schedule(year)
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        source = "已导入的放假安排" if schedule.source == "loaded" else "软件包"
        self.stdout.write(f"{schedule.year}年  来源：{source}（{schedule.description}）")
        for day in schedule.days:
            weekday = WEEKDAY_NAMES[day.date.weekday()]
            self.stdout.write(f"{day.date}  {weekday}  {KIND_LABELS[day.kind]}  {day.name}")


def _read_schedule(
    path: Path,
) -> tuple[list[services.DayRow], list[int], dict[int, str]]:
    """The rows of a schedule file, the line each came from, and the lines that do not parse."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"找不到文件：{path}") from None
    except UnicodeDecodeError:
        raise CommandError(f"文件不是 UTF-8 编码：{path}") from None
    reader = csv.reader(text.splitlines())
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header != HEADER:
        raise CommandError(f"{path} 第1行应为表头 date,kind,name，实际为：{','.join(header)}")
    rows: list[services.DayRow] = []
    lines: list[int] = []
    errors: dict[int, str] = {}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        try:
            rows.append(_parse_row(cells))
            lines.append(reader.line_num)
        except ValueError as error:
            errors[reader.line_num] = str(error)
    return rows, lines, errors


def _parse_row(cells: list[str]) -> services.DayRow:
    if len(cells) != len(HEADER):
        raise ValueError(f"应有3列（date,kind,name），实际为{len(cells)}列。")
    date_text, kind, name = (cell.strip() for cell in cells)
    try:
        if not ISO_DATE.fullmatch(date_text):
            raise ValueError
        day = dt.date.fromisoformat(date_text)
    except ValueError:
        raise ValueError(f"日期“{date_text}”无效，应写成 2027-01-01 的格式。") from None
    return day, kind, name


def _report(path: Path, errors: dict[int, str]) -> str:
    lines = "\n".join(f"  第{line}行：{errors[line]}" for line in sorted(errors))
    return f"{path} 有误，未导入任何数据：\n{lines}"


def _field_label(field: str) -> str:
    """ "line 3" -> 第3行; the other fields by the option or file they came from."""
    if field.startswith("line "):
        return f"第{field.removeprefix('line ')}行"
    return {"notice": "--notice", "days": "文件内容"}.get(field, field)


def _cli_actor() -> audit.Actor:
    """The operating-system account that ran the command: the audit log names who loaded it."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return audit.Actor(label=f"cli:{user}")

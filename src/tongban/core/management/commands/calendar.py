"""tongban calendar: load a year's official holiday schedule from a CSV file, or show a year.

    tongban calendar load 2027.csv --year 2027 --notice "国办发明电〔2026〕N号"
    tongban calendar show [2027]

Loading a year recomputes every open date that was counted provisionally through it, and
prints how many moved.

The file format is described in docs/calendar/README.md."""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tongban.core import audit, services
from tongban.core.errors import DomainError
from tongban.core.models import HolidayDay, HolidayYear
from tongban.core.services import WEEKDAY_NAMES
from tongban.core.signals import Recomputed, holiday_year_loaded
from tongban.core.workdays import (
    LOADED,
    PACKAGE,
    PACKAGE_FIRST_YEAR,
    WorkCalendar,
    package_covers,
    year_schedule,
    year_status,
)

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
        show = actions.add_parser(
            "show", help="显示一年的节假日和调休上班日；不给年份时列出各年状态 (show a year)"
        )
        show.add_argument("year", type=int, nargs="?")

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
        self.stdout.write("正在重新计算按预计放假安排算出的期限…… (recomputing provisional dates)")
        for _receiver, results in holiday_year_loaded.send(
            sender=HolidayYear, year=loaded.year, actor=_cli_actor()
        ):
            for result in results:
                self.stdout.write(_recomputed_line(result))

    def _show_years(self) -> None:
        for line in _show_years_lines(timezone.localdate().year):
            self.stdout.write(line)

    def _show(self, year: int | None) -> None:
        if year is None:
            self._show_years()
            return
        schedule = year_schedule(year)
        status = STATUS_LABELS[year_status(year)]
        source = SOURCE_LABELS.get(schedule.source, "")
        self.stdout.write(f"{schedule.year}年  {status}  {source}（{schedule.description}）")
        for day in schedule.days:
            weekday = WEEKDAY_NAMES[day.date.weekday()]
            self.stdout.write(f"{day.date}  {weekday}  {KIND_LABELS[day.kind]}  {day.name}")


STATUS_LABELS = {
    "official": "官方安排 (official)",
    "provisional": "预计安排 (provisional)",
    "unknown": "未知 (unknown)",
}
SOURCE_LABELS = {LOADED: "来源：已导入的放假安排", PACKAGE: "来源：软件包"}


def _recomputed_line(result: Recomputed) -> str:
    return (
        f"{result.what}：检查 {result.examined} 个，调整 {result.changed} 个。"
        f" (examined {result.examined}, changed {result.changed})"
    )


def _listed_years(this_year: int) -> list[int]:
    """Loaded years, the package's years from 2004, and up to two years ahead of this one."""
    loaded = set(HolidayYear.objects.values_list("year", flat=True))
    last = max([this_year + 2, *loaded])
    return [y for y in range(PACKAGE_FIRST_YEAR, last + 1) if y in loaded or y >= this_year - 1]


def _show_years_lines(this_year: int) -> list[str]:
    calendar = WorkCalendar()
    lines = []
    for year in _listed_years(this_year):
        source = calendar.source_of(year)
        detail = SOURCE_LABELS.get(source, "未公布，按预计安排计算，日期标注“预计”")
        lines.append(f"{year}年  {STATUS_LABELS[year_status(year, calendar)]}  {detail}")
    first = PACKAGE_FIRST_YEAR
    last = max(y for y in range(first, this_year + 3) if package_covers(y))
    lines.append(f"软件包 chinesecalendar 收录 {first}–{last} 年；更早的年份为未知。")
    return lines


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

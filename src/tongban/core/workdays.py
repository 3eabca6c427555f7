"""The working-day calendar (STANDARDS.md §7).

Periods under the Administrative Licensing Law are counted in working days, excluding statutory
holidays and including make-up workdays (行政许可法 art. 82); the starting day is not counted
(民法典 art. 201). The State Council announces each year's schedule in November or December, so a
year is known either from the maintained chinesecalendar package or from a schedule an
administrator loaded into HolidayYear/HolidayDay; any other year is refused, never guessed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

import chinese_calendar
from django.utils.translation import gettext_lazy as _

from tongban.core.errors import DomainError
from tongban.core.models import HolidayDay, HolidayYear

IsWorkday = Callable[[dt.date], bool]


class CalendarYearUnknown(DomainError):
    status = 503

    def __init__(self, year: int) -> None:
        super().__init__(
            "calendar_year_unknown",
            _(
                "%(year)s年的法定节假日安排尚未导入，无法计算工作日。请管理员导入国务院办公厅公布的放假安排。"
            )
            % {"year": year},
        )
        self.year = year


def add_working_days(start: dt.date, days: int, is_workday: IsWorkday) -> dt.date:
    """The date ``days`` working days after ``start``; ``start`` itself is not counted."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date, is_workday: IsWorkday) -> int:
    """Working days in the period after ``start`` up to and including ``end``; negative when
    ``end`` is before ``start`` (days overdue)."""
    if end < start:
        return -working_days_between(end, start, is_workday)
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_workday(current):
            count += 1
    return count


class WorkCalendar:
    """Answers "is this a working day?" from loaded schedules first, then the package.

    One instance reads each loaded year from the database once; create one per request or job."""

    def __init__(self) -> None:
        self._loaded: dict[int, dict[dt.date, bool] | None] = {}
        # The package takes ~40 µs a day; deadlines of a queue page ask for the same days.
        self._answers: dict[dt.date, bool] = {}

    def _loaded_year(self, year: int) -> dict[dt.date, bool] | None:
        if year not in self._loaded:
            if HolidayYear.objects.filter(year=year).exists():
                days = HolidayDay.objects.filter(year__year=year).values_list("date", "kind")
                self._loaded[year] = {d: kind == HolidayDay.Kind.WORKDAY for d, kind in days}
            else:
                self._loaded[year] = None
        return self._loaded[year]

    def is_workday(self, day: dt.date) -> bool:
        if day not in self._answers:
            self._answers[day] = self._is_workday(day)
        return self._answers[day]

    def _is_workday(self, day: dt.date) -> bool:
        loaded = self._loaded_year(day.year)
        if loaded is not None:
            return loaded.get(day, day.weekday() < 5)
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            raise CalendarYearUnknown(day.year) from None

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        return add_working_days(start, days, self.is_workday)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        return working_days_between(start, end, self.is_workday)


@dataclass(frozen=True)
class ScheduledDay:
    """A day that breaks the Monday-to-Friday week: a holiday or a make-up workday."""

    date: dt.date
    kind: str  # a HolidayDay.Kind value
    name: str


@dataclass(frozen=True)
class YearSchedule:
    """Where a year's calendar comes from, and its exceptional days."""

    year: int
    source: str  # "loaded" (HolidayYear) or "package" (chinesecalendar)
    description: str
    days: list[ScheduledDay]


def year_schedule(year: int) -> YearSchedule:
    """The year as WorkCalendar sees it: a loaded schedule first, else the package's data.

    For a loaded year every loaded row is listed; for the package, the days whose status
    differs from the plain week (weekday holidays, weekend make-up workdays). Raises
    CalendarYearUnknown for any other year."""
    loaded = HolidayYear.objects.filter(year=year).first()
    if loaded is not None:
        days = [ScheduledDay(d.date, d.kind, d.name) for d in loaded.days.order_by("date")]
        return YearSchedule(year, "loaded", loaded.notice, days)
    try:
        days = [_package_day(day) for day in _dates_of(year) if _differs_from_week(day)]
    except NotImplementedError:
        raise CalendarYearUnknown(year) from None
    return YearSchedule(year, "package", f"chinesecalendar {version('chinesecalendar')}", days)


def _dates_of(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - first).days)]


def _differs_from_week(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day) != (day.weekday() < 5)


def _package_day(day: dt.date) -> ScheduledDay:
    is_holiday, english_name = chinese_calendar.get_holiday_detail(day)
    kind = HolidayDay.Kind.HOLIDAY if is_holiday else HolidayDay.Kind.WORKDAY
    name = chinese_calendar.Holiday(english_name).chinese if english_name else ""
    return ScheduledDay(day, str(kind), name)

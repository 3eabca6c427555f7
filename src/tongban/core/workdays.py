"""The working-day calendar (STANDARDS.md §7).

Periods under the Administrative Licensing Law are counted in working days, excluding statutory
holidays and including make-up workdays (行政许可法 art. 82); the starting day is not counted
(民法典 art. 201). The State Council announces each year's schedule in November or December, so a
year is official when it comes from a schedule an administrator loaded (HolidayYear/HolidayDay)
or from the maintained chinesecalendar package. Any other year is counted provisionally
(core.provisional), never refused: a date counted through such a year is marked provisional and
recomputed when the official schedule is loaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import chinese_calendar
from django.conf import settings
from django.utils.translation import gettext as _

from tongban.core import provisional
from tongban.core.models import HolidayDay, HolidayYear

IsWorkday = Callable[[dt.date], bool]

LOADED, PACKAGE, PROVISIONAL = "loaded", "package", "provisional"
# The first year the chinesecalendar package covers; a year before it that nobody loaded is
# "unknown" to `tongban calendar show` (counted provisionally all the same, if ever asked).
PACKAGE_FIRST_YEAR = 2004


@lru_cache(maxsize=256)
def package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


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


@dataclass(frozen=True)
class Counted:
    """A date counted in working days, and whether a provisional year was counted through."""

    date: dt.date
    provisional: bool


class WorkCalendar:
    """Answers "is this a working day?" from loaded schedules first, then the package, then
    the provisional calendar.

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

    def source_of(self, year: int) -> str:
        """loaded | package | provisional: where ``year``'s working days come from."""
        if self._loaded_year(year) is not None:
            return LOADED
        return PACKAGE if package_covers(year) else PROVISIONAL

    def is_provisional_year(self, year: int) -> bool:
        return self.source_of(year) == PROVISIONAL

    def provisional_years(self, start: dt.date, end: dt.date) -> list[int]:
        """The provisional years among the days after ``start`` up to ``end``: the years a count
        over that period went through."""
        first = min(start, end) + dt.timedelta(days=1)
        last = max(start, end)
        return [y for y in range(first.year, last.year + 1) if self.is_provisional_year(y)]

    def is_workday(self, day: dt.date) -> bool:
        if day not in self._answers:
            self._answers[day] = self._is_workday(day)
        return self._answers[day]

    def _is_workday(self, day: dt.date) -> bool:
        loaded = self._loaded_year(day.year)
        if loaded is not None:
            return loaded.get(day, day.weekday() < 5)
        if package_covers(day.year):
            return chinese_calendar.is_workday(day)
        return provisional.is_workday(day)

    def unannounced_years(self, since: dt.date, due: dt.date) -> list[int]:
        """The years a provisional date counted from ``since`` waits for: those it went through,
        or its own year when the count found none (a schedule loaded since then)."""
        return self.provisional_years(since, due) or [due.year]

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        return add_working_days(start, days, self.is_workday)

    def count(self, start: dt.date, days: int) -> Counted:
        """``days`` working days after ``start``, marked provisional when counted through a
        year with no official schedule."""
        end = self.add_working_days(start, days)
        return Counted(end, bool(self.provisional_years(start, end)))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        return working_days_between(start, end, self.is_workday)


def listed_years(years: list[int]) -> str:
    """2027、2028: years as one phrase in a message."""
    return "、".join(str(year) for year in years)


def provisional_label(years: list[int]) -> str:
    """预计（2027 年放假安排未公布）: how a provisional date is marked on pages and notices."""
    return _("预计（%(years)s 年放假安排未公布）") % {"years": listed_years(years)}


def year_status(year: int, calendar: WorkCalendar | None = None) -> str:
    """official | provisional | unknown, as `tongban calendar show` reports a year."""
    source = (calendar or WorkCalendar()).source_of(year)
    if source != PROVISIONAL:
        return "official"
    return "unknown" if year < PACKAGE_FIRST_YEAR else "provisional"


def missing_schedules(today: dt.date) -> list[int]:
    """The years administrators must load now: this year if it is not official, and from
    TONGBAN_CALENDAR_WARNING_FROM (1 October) next year too."""
    calendar = WorkCalendar()
    years = [today.year]
    if (today.month, today.day) >= tuple(settings.TONGBAN_CALENDAR_WARNING_FROM):
        years.append(today.year + 1)
    return [year for year in years if calendar.is_provisional_year(year)]


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
    source: str  # loaded (HolidayYear) | package (chinesecalendar) | provisional
    description: str
    days: list[ScheduledDay]


def year_schedule(year: int) -> YearSchedule:
    """The year as WorkCalendar sees it: a loaded schedule first, else the package's data,
    else the provisional calendar.

    For a loaded year every loaded row is listed; for the package, the days whose status
    differs from the plain week (weekday holidays, weekend make-up workdays); for a provisional
    year, every day of its provisional breaks."""
    loaded = HolidayYear.objects.filter(year=year).first()
    if loaded is not None:
        days = [ScheduledDay(d.date, d.kind, d.name) for d in loaded.days.order_by("date")]
        return YearSchedule(year, LOADED, loaded.notice, days)
    if package_covers(year):
        days = [_package_day(day) for day in _dates_of(year) if _differs_from_week(day)]
        return YearSchedule(year, PACKAGE, f"chinesecalendar {version('chinesecalendar')}", days)
    days = [
        ScheduledDay(day, HolidayDay.Kind.HOLIDAY, name)
        for day, name in provisional.days_off(year).items()
    ]
    return YearSchedule(year, PROVISIONAL, provisional_label([year]), days)


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

"""The working-day calendar (STANDARDS.md §7): official schedules, 民法典 art. 201 counting,
loaded years that override the package, and the pure counting functions' properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongban.core import audit, workdays
from tongban.core.errors import DomainError
from tongban.core.models import AuditEntry, HolidayDay, HolidayYear
from tongban.core.services import load_holiday_year
from tongban.core.workdays import WorkCalendar, year_schedule

D = dt.date
HOLIDAY, WORKDAY = HolidayDay.Kind.HOLIDAY, HolidayDay.Kind.WORKDAY
NOTICE_2027 = "国办发明电〔2026〕99号"
# A made-up 2027 schedule (the real one is not yet published): a Friday off, a Saturday worked.
SCHEDULE_2027 = [
    (D(2027, 1, 1), HOLIDAY, "元旦"),
    (D(2027, 2, 8), HOLIDAY, "春节"),
    (D(2027, 2, 20), WORKDAY, "春节"),
]


@pytest.fixture
def calendar(db) -> WorkCalendar:
    return WorkCalendar()


def load_2027(days=SCHEDULE_2027, notice: str = NOTICE_2027) -> HolidayYear:
    return load_holiday_year(2027, notice, days, audit.SYSTEM)


class TestOfficialSchedules:
    """Years the chinesecalendar package covers, checked against the State Council notices."""

    @pytest.mark.parametrize("day", [D(2025, 1, 28) + dt.timedelta(n) for n in range(8)])
    def test_spring_festival_2025_runs_from_new_years_eve_to_4_february(
        self, calendar: WorkCalendar, day: dt.date
    ) -> None:
        assert not calendar.is_workday(day)

    @pytest.mark.parametrize("day", [D(2025, 1, 26), D(2025, 2, 8)])
    def test_spring_festival_2025_make_up_days_are_worked(
        self, calendar: WorkCalendar, day: dt.date
    ) -> None:
        assert day.weekday() >= 5
        assert calendar.is_workday(day)

    def test_five_working_days_after_30_september_2025_is_14_october(
        self, calendar: WorkCalendar
    ) -> None:
        assert calendar.add_working_days(D(2025, 9, 30), 5) == D(2025, 10, 14)

    @pytest.mark.parametrize("day", [D(2025, 9, 28), D(2025, 10, 11)])
    def test_national_day_2025_make_up_days_are_worked(
        self, calendar: WorkCalendar, day: dt.date
    ) -> None:
        assert day.weekday() >= 5
        assert calendar.is_workday(day)

    def test_national_day_2025_holiday_runs_1_to_8_october(self, calendar: WorkCalendar) -> None:
        assert not any(calendar.is_workday(D(2025, 10, n)) for n in range(1, 9))
        assert calendar.is_workday(D(2025, 10, 9))

    def test_a_plain_weekend_is_off_and_the_weekdays_around_it_are_worked(
        self, calendar: WorkCalendar
    ) -> None:
        week = [D(2025, 3, 7) + dt.timedelta(n) for n in range(4)]  # Friday to Monday

        assert [calendar.is_workday(day) for day in week] == [True, False, False, True]

    def test_spring_festival_2026_comes_from_the_package(self, calendar: WorkCalendar) -> None:
        assert not any(calendar.is_workday(D(2026, 2, 15) + dt.timedelta(n)) for n in range(9))
        assert calendar.is_workday(D(2026, 2, 14))  # Saturday, worked
        assert calendar.is_workday(D(2026, 2, 28))  # Saturday, worked
        assert calendar.is_workday(D(2026, 2, 24))


class TestCounting:
    """民法典 art. 201: the starting day is not counted."""

    def test_one_working_day_after_a_monday_is_the_tuesday(self, calendar: WorkCalendar) -> None:
        assert calendar.add_working_days(D(2025, 3, 10), 1) == D(2025, 3, 11)

    def test_one_working_day_after_a_friday_is_the_next_monday(
        self, calendar: WorkCalendar
    ) -> None:
        assert calendar.add_working_days(D(2025, 3, 14), 1) == D(2025, 3, 17)

    def test_zero_working_days_is_the_start_day_itself(self, calendar: WorkCalendar) -> None:
        assert calendar.add_working_days(D(2025, 3, 15), 0) == D(2025, 3, 15)

    def test_a_negative_count_is_refused(self, calendar: WorkCalendar) -> None:
        with pytest.raises(ValueError, match="negative"):
            calendar.add_working_days(D(2025, 3, 10), -1)

    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            (D(2025, 9, 30), D(2025, 10, 14), 5),
            (D(2025, 10, 14), D(2025, 9, 30), -5),
            (D(2025, 3, 10), D(2025, 3, 10), 0),
            (D(2025, 3, 14), D(2025, 3, 16), 0),  # Friday to Sunday: nothing worked after
            (D(2025, 3, 14), D(2025, 3, 17), 1),
            (D(2025, 1, 24), D(2025, 2, 10), 7),  # 1-26 (Sun), 1-27, 2-5 to 2-8 (Sat), 2-10
        ],
    )
    def test_working_days_between(
        self, calendar: WorkCalendar, start: dt.date, end: dt.date, expected: int
    ) -> None:
        assert calendar.working_days_between(start, end) == expected


class TestYearsWithoutAnOfficialSchedule:
    def test_a_year_neither_loaded_nor_in_the_package_is_counted_provisionally(
        self, calendar: WorkCalendar
    ) -> None:
        counted = calendar.count(D(2026, 12, 30), 5)

        # 2026-12-31 Thursday; 2027-01-01 (Friday, 元旦) off; then 4-7 January.
        assert counted == workdays.Counted(D(2027, 1, 7), provisional=True)
        assert calendar.source_of(2027) == "provisional"
        assert calendar.provisional_years(D(2026, 12, 30), counted.date) == [2027]

    def test_a_count_inside_an_official_year_is_not_provisional(
        self, calendar: WorkCalendar
    ) -> None:
        assert calendar.count(D(2026, 12, 1), 5) == workdays.Counted(D(2026, 12, 8), False)

    def test_twenty_working_days_from_4_december_2026_no_longer_fail(
        self, calendar: WorkCalendar
    ) -> None:
        counted = calendar.count(D(2026, 12, 4), 20)

        assert counted.date == D(2027, 1, 4)  # 19 in December, 1 January off
        assert counted.provisional

    def test_after_loading_2027_the_count_is_official(self, calendar: WorkCalendar) -> None:
        load_2027()

        # 2026-12-31 Thursday, 2027-01-01 Friday is the loaded holiday, then 4-7 January.
        assert WorkCalendar().count(D(2026, 12, 30), 5) == workdays.Counted(D(2027, 1, 7), False)
        assert WorkCalendar().source_of(2027) == "loaded"

    def test_a_loaded_holiday_is_off_and_a_loaded_make_up_day_is_worked(self, db) -> None:
        load_2027()
        calendar = WorkCalendar()

        assert not calendar.is_workday(D(2027, 2, 8))  # a Monday, loaded as a holiday
        assert calendar.is_workday(D(2027, 2, 20))  # a Saturday, loaded as a workday
        assert calendar.is_workday(D(2027, 2, 9))
        assert not calendar.is_workday(D(2027, 2, 21))

    def test_a_loaded_year_overrides_the_package(self, db) -> None:
        load_holiday_year(2026, "测试", [(D(2026, 3, 2), HOLIDAY, "测试假日")], audit.SYSTEM)
        calendar = WorkCalendar()

        assert not calendar.is_workday(D(2026, 3, 2))
        assert not calendar.is_workday(D(2026, 2, 14))  # the package's make-up Saturday


class TestLoadingAYear:
    def test_loading_stores_the_rows_and_records_an_audit_entry(self, db) -> None:
        year = load_2027()

        assert year.notice == NOTICE_2027
        assert list(year.days.values_list("date", "kind", "name")) == SCHEDULE_2027
        entry = AuditEntry.objects.get(action="calendar.year_loaded")
        assert (entry.object_type, entry.object_id) == ("core.holidayyear", str(year.pk))
        assert entry.changes == {
            "year": 2027,
            "notice": NOTICE_2027,
            "holidays": 2,
            "workdays": 1,
            "replaced_days": 0,
        }

    def test_loading_again_replaces_the_rows(self, db) -> None:
        first = load_2027()
        second = load_2027([(D(2027, 1, 4), HOLIDAY, "元旦")], notice="国办发明电〔2026〕100号")

        assert second.pk == first.pk
        assert HolidayYear.objects.count() == 1
        assert list(HolidayDay.objects.values_list("date", flat=True)) == [D(2027, 1, 4)]
        assert HolidayYear.objects.get().notice == "国办发明电〔2026〕100号"
        assert AuditEntry.objects.latest("id").changes["replaced_days"] == 3
        assert WorkCalendar().is_workday(D(2027, 1, 1))

    def test_every_bad_row_is_reported_at_once_and_nothing_is_written(self, db) -> None:
        rows = [
            (D(2027, 1, 1), HOLIDAY, "元旦"),
            (D(2026, 12, 31), HOLIDAY, "元旦"),  # outside the year
            (D(2027, 2, 8), "off", "春节"),  # unknown kind
            (D(2027, 2, 9), WORKDAY, "春节"),  # a Tuesday cannot be a make-up day
            (D(2027, 1, 1), HOLIDAY, "元旦"),  # duplicate
            (D(2027, 2, 10), HOLIDAY, " "),  # no name
        ]

        with pytest.raises(DomainError) as caught:
            load_holiday_year(2027, NOTICE_2027, rows, audit.SYSTEM)

        fields = caught.value.fields
        assert set(fields) == {"line 2", "line 3", "line 4", "line 5", "line 6"}
        assert "不在 2027 年内" in fields["line 2"]
        assert "holiday" in fields["line 3"]
        assert "周二" in fields["line 4"]
        assert "重复" in fields["line 5"]
        assert "名称" in fields["line 6"]
        assert not HolidayYear.objects.exists()
        assert not AuditEntry.objects.exists()

    def test_a_failed_reload_keeps_the_previous_schedule(self, db) -> None:
        load_2027()

        with pytest.raises(DomainError):
            load_2027([(D(2027, 3, 1), WORKDAY, "调休")])

        assert list(HolidayDay.objects.values_list("date", "kind", "name")) == SCHEDULE_2027

    def test_rows_are_reported_under_the_line_numbers_given(self, db) -> None:
        rows = [(D(2027, 1, 1), HOLIDAY, "元旦"), (D(2027, 1, 5), WORKDAY, "元旦")]

        with pytest.raises(DomainError) as caught:
            load_holiday_year(2027, NOTICE_2027, rows, audit.SYSTEM, lines=[2, 4])

        assert set(caught.value.fields) == {"line 4"}

    @pytest.mark.parametrize(
        ("notice", "days", "field"),
        [
            (" ", SCHEDULE_2027, "notice"),
            ("号" * 201, SCHEDULE_2027, "notice"),
            ("通知", [], "days"),
        ],
    )
    def test_a_notice_and_at_least_one_day_are_required(
        self, db, notice: str, days: list, field: str
    ) -> None:
        with pytest.raises(DomainError) as caught:
            load_holiday_year(2027, notice, days, audit.SYSTEM)

        assert field in caught.value.fields

    def test_a_holiday_may_fall_on_a_weekend(self, db) -> None:
        load_2027([(D(2027, 2, 6), HOLIDAY, "春节")])  # a Saturday, listed as the notice does

        assert not WorkCalendar().is_workday(D(2027, 2, 6))


class TestYearSchedule:
    def test_a_package_year_lists_weekday_holidays_and_make_up_days(self, db) -> None:
        schedule = year_schedule(2026)

        assert schedule.source == "package"
        assert schedule.description.startswith("chinesecalendar ")
        spring = [(d.date, d.kind) for d in schedule.days if d.name == "春节"]
        assert (D(2026, 2, 14), WORKDAY) in spring
        assert (D(2026, 2, 16), HOLIDAY) in spring
        assert (D(2026, 2, 15), HOLIDAY) not in spring  # a Sunday: off anyway
        assert all((d.kind == WORKDAY) == (d.date.weekday() >= 5) for d in schedule.days)

    def test_a_loaded_year_lists_its_rows_and_notice(self, db) -> None:
        load_2027()

        schedule = year_schedule(2027)

        assert schedule.source == "loaded"
        assert schedule.description == NOTICE_2027
        assert [(d.date, d.kind, d.name) for d in schedule.days] == SCHEDULE_2027

    def test_a_year_without_a_schedule_lists_its_provisional_breaks(self, db) -> None:
        schedule = year_schedule(2027)

        assert schedule.source == "provisional"
        assert schedule.description == "预计（2027 年放假安排未公布）"
        spring = [d.date for d in schedule.days if d.name == "春节"]
        assert spring[0] == D(2027, 2, 4)  # the day before 除夕 (5 February)
        assert spring[-1] == D(2027, 2, 13)
        assert all(d.kind == HOLIDAY for d in schedule.days)


# Pure functions: properties over synthetic calendars, no database.
BASE = D(2030, 1, 1)
starts = st.dates(min_value=BASE, max_value=D(2030, 12, 31))
counts = st.integers(min_value=0, max_value=60)
off_days = st.frozensets(st.integers(min_value=0, max_value=500), max_size=200).map(
    lambda offsets: frozenset(BASE + dt.timedelta(days=n) for n in offsets)
)


def weekdays_except(off: frozenset[dt.date]) -> workdays.IsWorkday:
    return lambda day: day.weekday() < 5 and day not in off


@given(start=starts, n=st.integers(min_value=1, max_value=60), off=off_days)
def test_n_working_days_later_is_a_working_day(start: dt.date, n: int, off) -> None:
    is_workday = weekdays_except(off)

    assert is_workday(workdays.add_working_days(start, n, is_workday))


@given(start=starts, n=counts, off=off_days)
def test_counting_back_the_days_added_gives_n(start: dt.date, n: int, off) -> None:
    is_workday = weekdays_except(off)
    end = workdays.add_working_days(start, n, is_workday)

    assert workdays.working_days_between(start, end, is_workday) == n
    assert workdays.working_days_between(end, start, is_workday) == -n


@given(start=starts, n=counts, off=off_days)
def test_adding_one_more_working_day_gives_a_later_date(start: dt.date, n: int, off) -> None:
    is_workday = weekdays_except(off)

    earlier = workdays.add_working_days(start, n, is_workday)
    later = workdays.add_working_days(start, n + 1, is_workday)

    assert earlier < later
    assert (later - start).days >= n + 1


@given(start=starts, n=counts)
def test_on_a_plain_week_n_working_days_span_whole_weeks(start: dt.date, n: int) -> None:
    """Five working days after any weekday is the same weekday a week later."""
    is_workday = weekdays_except(frozenset())
    if start.weekday() < 5:
        assert workdays.add_working_days(start, 5 * n, is_workday) == start + dt.timedelta(weeks=n)

"""The provisional calendar of a year with no official schedule (core.provisional): festival
dates checked against a second, independent lunar calendar (cnlunar), the breaks it assumes,
and the promise it makes: never a date earlier than the official schedule gives."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import cnlunar
import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tongban.core import provisional, workdays

D = dt.date


def second_source(day: dt.date) -> cnlunar.Lunar:
    return cnlunar.Lunar(dt.datetime(day.year, day.month, day.day, 12), godType="8char")


def lunar_new_year(year: int) -> dt.date:
    """正月初一 by cnlunar: the day in late January or February whose lunar date is 1/1."""
    day = D(year, 1, 15)
    while not (second_source(day).lunarMonth == 1 and second_source(day).lunarDay == 1):
        day += dt.timedelta(days=1)
    return day


def lunar_day(year: int, month: int, day_of_month: int) -> dt.date:
    day = lunar_new_year(year)
    while not (
        second_source(day).lunarMonth == month
        and second_source(day).lunarDay == day_of_month
        and not second_source(day).isLunarLeapMonth
    ):
        day += dt.timedelta(days=1)
    return day


def solar_term(year: int, name: str) -> dt.date:
    day = D(year, 3, 25)
    while second_source(day).todaySolarTerms != name:
        day += dt.timedelta(days=1)
    return day


@pytest.mark.parametrize("year", [2027, 2028])
class TestFestivalDatesAgreeWithASecondSource:
    def test_new_years_eve_is_the_day_before_the_first_of_the_first_month(self, year) -> None:
        assert provisional.spring_festival_eve(year) == lunar_new_year(year) - dt.timedelta(1)

    def test_qingming_is_the_solar_term(self, year) -> None:
        assert provisional.qingming(year) == solar_term(year, "清明")

    def test_dragon_boat_is_the_fifth_of_the_fifth_month(self, year) -> None:
        assert provisional.lunar_festival(year, 5, 5) == lunar_day(year, 5, 5)

    def test_mid_autumn_is_the_fifteenth_of_the_eighth_month(self, year) -> None:
        assert provisional.lunar_festival(year, 8, 15) == lunar_day(year, 8, 15)


def test_the_2027_and_2028_dates_themselves() -> None:
    assert provisional.spring_festival_eve(2027) == D(2027, 2, 5)
    assert provisional.spring_festival_eve(2028) == D(2028, 1, 25)
    assert provisional.qingming(2027) == D(2027, 4, 5)
    assert provisional.qingming(2028) == D(2028, 4, 4)
    assert provisional.lunar_festival(2027, 8, 15) == D(2027, 9, 15)
    assert provisional.lunar_festival(2028, 8, 15) == D(2028, 10, 3)


def test_new_years_eve_can_be_the_twenty_ninth_of_the_twelfth_month() -> None:
    """A short twelfth month has no 三十: 除夕 is then 腊月廿九 (2025: 28 January)."""
    eve = provisional.spring_festival_eve(2025)

    assert eve == D(2025, 1, 28)
    assert (second_source(eve).lunarMonth, second_source(eve).lunarDay) == (12, 29)


class TestBreaks:
    def test_spring_festival_2027_runs_from_the_day_before_the_eve_for_ten_days(self) -> None:
        off = provisional.days_off(2027)
        spring = [day for day, name in off.items() if name == "春节"]

        assert spring == [D(2027, 2, 4) + dt.timedelta(n) for n in range(10)]

    def test_labour_day_is_five_days_and_national_day_seven(self) -> None:
        off = provisional.days_off(2027)

        assert [d for d, n in off.items() if n == "劳动节"] == [D(2027, 5, n) for n in range(1, 6)]
        assert [d for d, n in off.items() if n == "国庆节"] == [D(2027, 10, n) for n in range(1, 8)]

    def test_mid_autumn_inside_the_national_day_break_makes_it_eight_days(self) -> None:
        national = [d for d, n in provisional.days_off(2028).items() if n == "国庆节"]

        assert national[-1] == D(2028, 10, 8)

    @pytest.mark.parametrize(
        ("festival", "bridged"),
        [
            (D(2028, 4, 4), D(2028, 4, 3)),  # 清明 on a Tuesday: the Monday before
            (D(2027, 4, 5), None),  # a Monday joins the weekend by itself
            (D(2027, 6, 9), None),  # a Wednesday stands alone
            (D(2027, 9, 15), None),  # 中秋 2027, a Wednesday
        ],
    )
    def test_a_one_day_festival_joins_its_weekend(self, festival, bridged) -> None:
        off = provisional.days_off(festival.year)
        weekdays_off = {d for d in off if d.weekday() < 5}

        assert festival in off
        assert (bridged in weekdays_off) if bridged else True
        near = {festival + dt.timedelta(n) for n in range(-3, 4)} - {festival}
        assert {d for d in near if d in weekdays_off} == ({bridged} if bridged else set())

    def test_a_festival_on_a_weekend_gives_the_monday_after(self) -> None:
        # 元旦 2028 is a Saturday.
        assert D(2028, 1, 3) in provisional.days_off(2028)

    def test_no_make_up_weekend_day_is_a_working_day(self) -> None:
        saturdays = [D(2027, 1, 2) + dt.timedelta(weeks=n) for n in range(52)]

        assert not any(provisional.is_workday(day) for day in saturdays)

    def test_the_break_lengths_are_settings(self, settings) -> None:
        settings.TONGBAN_PROVISIONAL_SPRING_FESTIVAL_DAYS = 8
        settings.TONGBAN_PROVISIONAL_SPRING_FESTIVAL_DAYS_BEFORE_EVE = 0
        settings.TONGBAN_PROVISIONAL_NATIONAL_DAY_DAYS = 8

        off = provisional.days_off(2027)

        spring = [day for day, name in off.items() if name == "春节"]
        assert spring == [D(2027, 2, 5) + dt.timedelta(n) for n in range(8)]
        assert off[D(2027, 10, 8)] == "国庆节"


# The promise: checked against every official year since the pattern settled (2019-2026).
OFFICIAL_YEARS = range(2019, 2027)


@pytest.mark.parametrize("year", OFFICIAL_YEARS)
def test_every_official_day_off_is_a_provisional_day_off(year) -> None:
    first = D(year, 1, 1)
    days = [first + dt.timedelta(n) for n in range((D(year + 1, 1, 1) - first).days)]

    missed = [d for d in days if not chinese_calendar.is_workday(d) and provisional.is_workday(d)]

    assert missed == []


@hypothesis_settings(deadline=None)
@given(
    # Starts late enough for 60 working days to stay inside the package's last year: it
    # found 2026-10-10 + 60 reaching 2027, which the package cannot count.
    start=st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 9, 1)),
    days=st.integers(min_value=1, max_value=60),
)
@example(start=D(2026, 9, 1), days=60)
def test_a_provisional_count_is_never_earlier_than_the_official_one(start, days) -> None:
    official = workdays.add_working_days(start, days, chinese_calendar.is_workday)
    provisional_end = workdays.add_working_days(start, days, provisional.is_workday)

    assert provisional_end >= official

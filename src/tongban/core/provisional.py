"""A provisional holiday calendar for a year whose official schedule is not yet known.

The State Council announces each year's schedule in November or December (STANDARDS.md §7),
so every December deadlines reach into a year nobody has loaded yet. Refusing to count would
stop acceptances; counting weekends only would promise dates the official schedule later moves
back, and fire deemed acceptance (行政许可法 art. 32) too early. So an unknown year is counted
conservatively: every statutory day of 《全国年节及纪念日放假办法》 (2024 revision: 元旦 1, 春节 4
from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3) and the usual length of the breaks they are
arranged into are days off, and no make-up weekend day (调休上班) is counted as a working day.
A date counted this way is never earlier than the official one is likely to be.

除夕 (the day before 正月初一, which can be 腊月廿九), 端午 and 中秋 are lunar dates and 清明 is a
solar term; lunar_python (the maintained Python port of the 6tail lunar calendar) computes them.
The break lengths are settings (TONGBAN_PROVISIONAL_*), not constants: they are custom, not law.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from lunar_python import Lunar

SPRING_FESTIVAL, NEW_YEAR, QINGMING = "春节", "元旦", "清明节"
LABOUR_DAY, DRAGON_BOAT, MID_AUTUMN, NATIONAL_DAY = "劳动节", "端午节", "中秋节", "国庆节"

# A one-day festival is joined to the weekend next to it (元旦、清明、端午、中秋). The weekdays
# bridged, by the festival's weekday (Monday = 0): on a Tuesday the Monday before is off, on a
# Thursday the Friday after; on a weekend the Monday after is given instead. A Wednesday
# festival stands alone (as 元旦 2020 and 2025 did).
BRIDGED_DAYS: dict[int, tuple[int, ...]] = {
    0: (),
    1: (-1,),
    2: (),
    3: (1,),
    4: (),
    5: (2,),
    6: (1,),
}


def spring_festival_eve(year: int) -> dt.date:
    """除夕: the last day of the twelfth lunar month, the day before 正月初一 of ``year``."""
    return _solar(Lunar.fromYmd(year, 1, 1).next(-1))


def lunar_festival(year: int, month: int, day: int) -> dt.date:
    """A lunar date of the lunar year that begins in ``year`` (端午 5/5, 中秋 8/15)."""
    return _solar(Lunar.fromYmd(year, month, day))


def qingming(year: int) -> dt.date:
    """清明: the solar term, on 4 or 5 (rarely 6) April."""
    solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _solar(lunar: Lunar) -> dt.date:
    solar = lunar.getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _run(first: dt.date, days: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range(days)]


def _short_break(festival: dt.date) -> list[dt.date]:
    """A one-day festival with the weekday that joins it to its weekend."""
    return [festival] + [festival + dt.timedelta(days=n) for n in BRIDGED_DAYS[festival.weekday()]]


@lru_cache(maxsize=64)
def _days_off(year: int, lengths: tuple[int, int, int, int]) -> dict[dt.date, str]:
    spring_days, days_before_eve, labour_days, national_days = lengths
    eve = spring_festival_eve(year)
    mid_autumn = lunar_festival(year, 8, 15)
    national_first = dt.date(year, 10, 1)
    if national_first <= mid_autumn < national_first + dt.timedelta(days=national_days):
        national_days += 1  # 中秋 inside the 国庆 break: one more statutory day (2020, 2025)
    breaks = {
        SPRING_FESTIVAL: _run(
            eve - dt.timedelta(days=days_before_eve), spring_days + days_before_eve
        ),
        NEW_YEAR: _short_break(dt.date(year, 1, 1)),
        QINGMING: _short_break(qingming(year)),
        LABOUR_DAY: _run(dt.date(year, 5, 1), labour_days),
        DRAGON_BOAT: _short_break(lunar_festival(year, 5, 5)),
        MID_AUTUMN: _short_break(mid_autumn),
        NATIONAL_DAY: _run(national_first, national_days),
    }
    days: dict[dt.date, str] = {}
    for name, dates in breaks.items():
        for day in dates:
            if day.year == year:
                days.setdefault(day, name)
    return dict(sorted(days.items()))


def days_off(year: int) -> dict[dt.date, str]:
    """Every day of ``year``'s provisional breaks (weekend days inside them included), with
    the festival each belongs to. Any other weekday is a working day; weekends are off."""
    return _days_off(
        year,
        (
            settings.TONGBAN_PROVISIONAL_SPRING_FESTIVAL_DAYS,
            settings.TONGBAN_PROVISIONAL_SPRING_FESTIVAL_DAYS_BEFORE_EVE,
            settings.TONGBAN_PROVISIONAL_LABOUR_DAY_DAYS,
            settings.TONGBAN_PROVISIONAL_NATIONAL_DAY_DAYS,
        ),
    )


def is_workday(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in days_off(day.year)

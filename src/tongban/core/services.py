"""Actions on the core data (STYLE.md §1): loading a year's official holiday schedule.

The State Council publishes each year's schedule (国务院办公厅关于某年部分节假日安排的通知) in
November or December; an administrator loads it here, from a file or the admin, before the
chinesecalendar package is upgraded, and every deadline of that year is counted from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.core import audit
from tongban.core.errors import DomainError
from tongban.core.models import HolidayDay, HolidayYear

# One row of a schedule: the date, HolidayDay.Kind value, and the festival's name (春节).
DayRow = tuple[dt.date, str, str]

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
NAME_MAX_LENGTH = HolidayDay._meta.get_field("name").max_length
NOTICE_MAX_LENGTH = HolidayYear._meta.get_field("notice").max_length


def holiday_day_problems(year: int, days: Sequence[DayRow]) -> dict[int, str]:
    """Why each bad row of ``year``'s schedule is refused, in Chinese, by 0-based row index.

    Holidays may fall on any day (the notice lists weekend days of a break too), but a make-up
    workday (调休上班) must be a Saturday or Sunday: a weekday is a workday already. Shared by
    load_holiday_year and the admin, so the file and the screen accept exactly the same rows."""
    problems: dict[int, str] = {}
    seen: set[dt.date] = set()
    for index, (day, kind, name) in enumerate(days):
        reasons = _row_problems(year, day, kind, name)
        if day in seen:
            reasons.append(_("日期 %(day)s 重复出现。") % {"day": day})
        seen.add(day)
        if reasons:
            problems[index] = "".join(reasons)
    return problems


def _row_problems(year: int, day: dt.date, kind: str, name: str) -> list[str]:
    reasons = []
    if day.year != year:
        reasons.append(_("日期 %(day)s 不在 %(year)s 年内。") % {"day": day, "year": year})
    if kind not in HolidayDay.Kind.values:
        reasons.append(
            _("类型“%(kind)s”无效，应为 holiday（放假）或 workday（调休上班）。") % {"kind": kind}
        )
    elif kind == HolidayDay.Kind.WORKDAY and day.weekday() < 5:
        reasons.append(
            _("%(day)s 是%(weekday)s，本来就是工作日；调休上班日只能是周六或周日。")
            % {"day": day, "weekday": WEEKDAY_NAMES[day.weekday()]}
        )
    if not name.strip():
        reasons.append(_("节日名称不能为空。"))
    elif len(name.strip()) > NAME_MAX_LENGTH:
        reasons.append(_("节日名称不能超过%(limit)s个字。") % {"limit": NAME_MAX_LENGTH})
    return reasons


def _schedule_problems(
    year: int, notice: str, days: Sequence[DayRow], labels: Sequence[int]
) -> dict[str, str]:
    fields: dict[str, str] = {}
    if not notice:
        fields["notice"] = _("请填写放假安排的依据（通知文号）。")
    elif len(notice) > NOTICE_MAX_LENGTH:
        fields["notice"] = _("通知文号不能超过%(limit)s个字。") % {"limit": NOTICE_MAX_LENGTH}
    if not days:
        fields["days"] = _("没有任何节假日或调休上班日。")
    for index, message in holiday_day_problems(year, days).items():
        fields[f"line {labels[index]}"] = message
    return fields


@transaction.atomic
def load_holiday_year(
    year: int,
    notice: str,
    days: Sequence[DayRow],
    actor: audit.Actor,
    *,
    lines: Sequence[int] | None = None,
) -> HolidayYear:
    """Replace ``year``'s schedule with ``days``; loading the same year again is safe.

    Every row is checked before anything is written and every bad one is reported at once,
    in ``DomainError.fields`` under "line N" (``lines`` gives each row's line in the source
    file; by default rows count from 1). The loaded year then overrides the package."""
    notice = notice.strip()
    labels = list(lines) if lines is not None else list(range(1, len(days) + 1))
    fields = _schedule_problems(year, notice, days, labels)
    if fields:
        raise DomainError(
            "invalid_holiday_schedule",
            _("%(year)s年的放假安排有误，未导入任何数据。") % {"year": year},
            fields=fields,
        )
    year_obj, replaced = _replace_year(year, notice)
    HolidayDay.objects.bulk_create(
        HolidayDay(year=year_obj, date=day, kind=kind, name=name.strip())
        for day, kind, name in days
    )
    kinds = [kind for _day, kind, _name in days]
    audit.record(
        "calendar.year_loaded",
        year_obj,
        actor=actor,
        changes={
            "year": year,
            "notice": notice,
            "holidays": kinds.count(HolidayDay.Kind.HOLIDAY),
            "workdays": kinds.count(HolidayDay.Kind.WORKDAY),
            "replaced_days": replaced,
        },
    )
    return year_obj


def _replace_year(year: int, notice: str) -> tuple[HolidayYear, int]:
    """The year's row, locked, with its old days deleted; and how many days there were."""
    year_obj = HolidayYear.objects.select_for_update().filter(year=year).first()
    if year_obj is None:
        return HolidayYear.objects.create(year=year, notice=notice), 0
    replaced, _deleted = year_obj.days.all().delete()
    year_obj.notice = notice
    year_obj.loaded_at = timezone.now()
    year_obj.save(update_fields=["notice", "loaded_at"])
    return year_obj, replaced

"""Template helpers for the page layout."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.accounts import selectors
from tongban.core.workdays import listed_years, missing_schedules

register = template.Library()


@register.simple_tag
def is_official(user: Any) -> bool:
    """Whether the navigation offers the workbench to this user."""
    if not getattr(user, "is_authenticated", False):
        return False
    return selectors.official_of(user) is not None


@register.simple_tag
def is_person(user: Any) -> bool:
    """Whether the navigation offers 我的办件 (a real-name person's applications)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return selectors.person_of(user) is not None


@register.simple_tag
def lockout_minutes() -> int:
    """How long a locked-out sign-in waits (django-axes' AXES_COOLOFF_TIME is in hours)."""
    return round(float(settings.AXES_COOLOFF_TIME) * 60)


@register.simple_tag
def deadline_yellow_days() -> int:
    """How many working days before a deadline its badge turns yellow."""
    return settings.TONGBAN_DEADLINE_YELLOW_DAYS


@register.simple_tag
def calendar_warning(user: Any) -> str:
    """Which year's official holiday schedule is missing (from 1 October, next year's too), so
    deadlines through it are only provisional: told to officials, and to administrators with
    what to do about it."""
    may_load = getattr(user, "is_authenticated", False) and user.has_perm("core.add_holidayyear")
    if not may_load and not is_official(user):
        return ""
    years = missing_schedules(timezone.localdate())
    if not years:
        return ""
    warning = _(
        "%(years)s 年的法定节假日安排尚未导入：跨入该年的期限按预计安排计算并标注“预计”，"
        "视为受理等官方安排导入后再判断。"
    ) % {"years": listed_years(years)}
    if may_load:
        warning += _(
            "请在国务院办公厅公布后导入（tongban calendar load 或管理后台“节假日年度安排”），"
            "导入后系统自动重新计算这些期限。"
        )
    return warning

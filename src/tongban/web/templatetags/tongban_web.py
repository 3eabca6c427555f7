"""Template helpers for the page layout."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from tongban.accounts import selectors

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

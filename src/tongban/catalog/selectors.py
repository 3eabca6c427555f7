"""Reads of the catalogue. The catalogue is public: what is shown is what is active."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.accounts import selectors as accounts
from tongban.accounts.models import User
from tongban.catalog import guide
from tongban.catalog.models import Implementation, LifeEvent, Option, Question
from tongban.core.errors import DomainError, NotFound
from tongban.core.models import Department


def active_implementations() -> QuerySet[Implementation]:
    return Implementation.objects.filter(is_active=True).select_related(
        "item", "department", "region"
    )


def implementation_detail(code: str) -> Implementation:
    """One active entry with everything its guide page shows, in a fixed number of queries."""
    found = (
        active_implementations()
        .prefetch_related(
            "fees",
            "materials",
            "item__life_events",
            Prefetch(
                "questions",
                queryset=Question.objects.prefetch_related(
                    Prefetch("options", queryset=Option.objects.order_by("order", "id"))
                ),
            ),
        )
        .filter(code=code)
        .first()
    )
    if found is None:
        raise NotFound("item_not_found", _("未找到该事项，可能已停用或编码有误。"))
    return found


def life_events() -> QuerySet[LifeEvent]:
    """Life events with the number of active items under each."""
    return LifeEvent.objects.annotate(
        item_count=Count(
            "items__implementations",
            filter=Q(items__implementations__is_active=True),
            distinct=True,
        )
    ).order_by("order", "code")


def implementations_for_life_event(code: str) -> QuerySet[Implementation]:
    return (
        active_implementations().filter(item__life_events__code=code).order_by("-popularity", "id")
    )


def departments_with_items() -> QuerySet[Department]:
    return (
        Department.objects.filter(is_active=True)
        .annotate(item_count=Count("implementations", filter=Q(implementations__is_active=True)))
        .filter(item_count__gt=0)
        .select_related("region")
        .order_by("region__code", "name")
    )


def implementations_of_department(department: Department) -> QuerySet[Implementation]:
    return active_implementations().filter(department=department).order_by("-popularity", "id")


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def applicant_profile(
    user: User | None, on_behalf_of: str | None = None, anonymous_type: str | None = None
) -> dict[str, Any]:
    """What conditions may know about the applicant (conditions.py: type, age, sex, region).
    Acting for an organisation requires being its legal representative or an agent today."""
    person = accounts.person_of(user) if user is not None else None
    if person is None:
        return {"type": anonymous_type} if anonymous_type else {}
    if on_behalf_of:
        organisation = next(
            (o for o, _relation in accounts.organisations_of(person) if o.uscc == on_behalf_of),
            None,
        )
        if organisation is None:
            raise DomainError(
                "not_authorised_for_organisation",
                _("您不是该法人的法定代表人或经办人，不能代其办理。"),
                fields={"on_behalf_of": _("无权代办。")},
                status=403,
            )
        region = organisation.region.code if organisation.region else ""
        return {"type": "organisation", "region": region}
    return {
        "type": "person",
        "age": _age(person.birth_date, timezone.localdate()),
        "sex": person.sex,
        "region": person.birth_region_code,
    }


def guide_for(
    implementation: Implementation, answers: Mapping[str, Any], applicant: Mapping[str, Any]
) -> guide.GuideOutcome:
    """The situational guide over an entry fetched with implementation_detail()."""
    return guide.compute(
        list(implementation.questions.all()),
        list(implementation.materials.all()),
        answers,
        applicant,
    )

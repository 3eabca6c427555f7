"""Scoped reads of applications: applicants see their own and their organisations'; officials
see what their department handles in their region. Anyone else gets "not found"."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import AgentAuthorisation, Official, Person
from tongban.cases.models import Case
from tongban.core.errors import NotFound
from tongban.workflow.selectors import official_sees


def _with_details(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related(
        "implementation__item",
        "implementation__department",
        "process",
        "organisation",
        "applicant",
    )


def cases_of(person: Person) -> QuerySet[Case]:
    """My applications: mine, and those of organisations I represent or am an agent for."""
    agencies = AgentAuthorisation.objects.in_force().filter(agent=person).values("organisation")
    mine = Q(applicant=person) | Q(organisation__legal_representative=person)
    return _with_details(Case.objects.filter(mine | Q(organisation__in=agencies))).order_by("-id")


def case_for_person(person: Person, number: str) -> Case:
    """One of my applications, for reading or acting on. An agent authorised for named items
    only reaches the organisation's cases of those items (and those they filed themselves):
    the item scope holds on every read and action, not only when a case is created."""
    case = cases_of(person).filter(number=number).first()
    if case is None or not _within_agency(person, case):
        raise NotFound("case_not_found", _("未找到该办件。"))
    return case


def _within_agency(person: Person, case: Case) -> bool:
    organisation = case.organisation
    if organisation is None or person.pk in (
        case.applicant_id,
        organisation.legal_representative_id,
    ):
        return True
    grants = AgentAuthorisation.objects.in_force().filter(agent=person, organisation=organisation)
    return any(grant.covers(case.implementation.item.basic_code) for grant in grants)


def case_for_official(official: Official, number: str) -> Case:
    case = _with_details(Case.objects.filter(number=number, process__isnull=False)).first()
    if case is None or not official_sees(official, case.process):
        raise NotFound("case_not_found", _("未找到该办件。"))
    return case

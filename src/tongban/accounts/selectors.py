"""Scoped reads of accounts data: what a viewer may see, decided here and only here."""

from __future__ import annotations

from django.db.models import QuerySet

from tongban.accounts.models import AgentAuthorisation, Official, Organisation, Person, User
from tongban.core.models import Department


def official_of(user: User) -> Official | None:
    """The official profile of a signed-in user, with what scoping needs, or None."""
    if not user.is_authenticated:
        return None
    return (
        Official.objects.select_related("department__region", "region")
        .prefetch_related("roles")
        .filter(user=user)
        .first()
    )


def person_of(user: User) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def departments_in_scope(official: Official) -> QuerySet[Department]:
    """Departments in the official's region and everything under it."""
    return (
        Department.objects.filter(region__code__startswith=official.region.scope_prefix)
        .select_related("region")
        .order_by("region__code", "name")
    )


def represented_organisation(person: Person, uscc: str) -> Organisation | None:
    """An organisation by credit code, only if ``person`` is its legal representative."""
    return Organisation.objects.filter(uscc=uscc.upper(), legal_representative=person).first()


def organisations_of(person: Person) -> list[tuple[Organisation, str]]:
    """Organisations a person represents or is an agent for today, with the relation."""
    represented = [(o, "legal_representative") for o in person.represented_organisations.all()]
    agencies = [
        (grant.organisation, "agent")
        for grant in person.agencies.in_force().select_related("organisation")
    ]
    return represented + agencies


def authorisations_of(organisation: Organisation) -> QuerySet[AgentAuthorisation]:
    return organisation.authorisations.select_related("agent").order_by("-created_at")

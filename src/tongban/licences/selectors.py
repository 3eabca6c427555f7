"""Whose licences a viewer may see: decided here and only here."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tongban.accounts.models import Official, Organisation, Person
from tongban.accounts.selectors import organisations_of
from tongban.core.errors import NotFound, PermissionDenied
from tongban.licences.models import Licence


def acting_for(person: Person, uscc: str | None) -> Organisation | None:
    """The organisation ``person`` acts for (legal representative or authorised agent today),
    None for themselves; any other credit code is refused."""
    if not uscc:
        return None
    for organisation, _relation in organisations_of(person):
        if organisation.uscc == uscc.strip().upper():
            return organisation
    raise PermissionDenied(
        "not_authorised_for_organisation", _("您不是该法人的法定代表人或经办人。")
    )


def _listed(licences: QuerySet[Licence]) -> QuerySet[Licence]:
    return licences.select_related("licence_type", "issuer", "superseded_by")


def wallet(person: Person, organisation: Organisation | None = None) -> QuerySet[Licence]:
    """证照夹: the person's own licences, or those of the organisation they act for."""
    if organisation is not None:
        return _listed(Licence.objects.filter(holder_organisation=organisation))
    return _listed(Licence.objects.filter(holder_person=person))


def licence_in_wallet(
    person: Person, identifier: str, organisation: Organisation | None = None
) -> Licence:
    """One licence of the wallet; someone else's is "not found", not "forbidden"."""
    found = wallet(person, organisation).filter(identifier=identifier).first()
    if found is None:
        raise NotFound("licence_not_found", _("未找到该证照。"))
    return found


def licence_of_issuer(official: Official, identifier: str) -> Licence:
    """A licence the official's department issued: only the issuer revokes or changes it."""
    found = _listed(Licence.objects.filter(issuer=official.department, identifier=identifier))
    licence = found.first()
    if licence is None:
        raise NotFound("licence_not_found", _("未找到该证照。"))
    return licence

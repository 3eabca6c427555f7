"""/api/v1/organisations: the legal representative authorises and revokes agents (经办人)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from tongban.accounts import selectors, services
from tongban.accounts.models import AgentAuthorisation, Organisation, Person
from tongban.api.accounts import ErrorOut
from tongban.api.auth import BearerToken
from tongban.catalog.models import CatalogueItem
from tongban.core.errors import DomainError, NotFound
from tongban.core.http import client_ip
from tongban.core.masking import mask_name

router = Router(tags=["法人与经办人 organisations"], auth=BearerToken())


class AuthoriseIn(Schema):
    real_name: str = Field(max_length=50, description="经办人姓名")
    id_number: str = Field(max_length=30, description="经办人身份证号码")
    valid_until: dt.date = Field(description="授权截止日期（含当日）")
    items: list[str] = Field(default_factory=list, description="授权事项的基本编码；空表示全部事项")


class AuthorisationOut(Schema):
    id: int
    agent: str = Field(description="经办人姓名（脱敏）")
    valid_until: dt.date
    in_force: bool
    items: list[str] = Field(description="授权事项的基本编码；空表示全部事项")
    revoked_at: dt.datetime | None


def _representative(request: HttpRequest) -> Person:
    person = selectors.person_of(request.auth)
    if person is None:
        raise NotFound("not_found", _("未找到该法人。"))
    return person


def _organisation(person: Person, uscc: str) -> Organisation:
    # Someone who is not the legal representative learns nothing, not even that it exists.
    organisation = selectors.represented_organisation(person, uscc)
    if organisation is None:
        raise NotFound("not_found", _("未找到该法人，或您不是其法定代表人。"))
    return organisation


def authorisation_out(grant: AgentAuthorisation) -> AuthorisationOut:
    return AuthorisationOut(
        id=grant.pk,
        agent=mask_name(grant.agent.real_name),
        valid_until=grant.valid_until,
        in_force=grant.is_in_force,
        items=grant.item_codes,
        revoked_at=grant.revoked_at,
    )


@router.get(
    "/{uscc}/agents",
    response={200: list[AuthorisationOut], 404: ErrorOut},
    summary="法定代表人查看经办人授权",
)
def list_agents(request: HttpRequest, uscc: str) -> list[AuthorisationOut]:
    organisation = _organisation(_representative(request), uscc)
    return [authorisation_out(g) for g in selectors.authorisations_of(organisation)[:200]]


@router.post(
    "/{uscc}/agents",
    response={201: AuthorisationOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="法定代表人授权经办人",
)
def authorise(request: HttpRequest, uscc: str, payload: AuthoriseIn) -> Status:
    representative = _representative(request)
    organisation = _organisation(representative, uscc)
    agent = services.find_registered_person(payload.real_name, payload.id_number)
    grant = services.authorise_agent(
        organisation=organisation,
        by=representative,
        agent=agent,
        valid_until=payload.valid_until,
        item_codes=_known_items(payload.items),
        ip_address=client_ip(request),
    )
    return Status(201, authorisation_out(grant))


def _known_items(codes: list[str]) -> list[str]:
    wanted = {code.strip().upper() for code in codes if code.strip()}
    known = set(
        CatalogueItem.objects.filter(basic_code__in=wanted).values_list("basic_code", flat=True)
    )
    if wanted - known:
        raise DomainError(
            "unknown_items",
            _("授权事项中有不存在的基本编码。"),
            fields={"items": "、".join(sorted(wanted - known))},
        )
    return sorted(wanted)


@router.post(
    "/{uscc}/agents/{authorisation_id}/revoke",
    response={200: AuthorisationOut, 404: ErrorOut, 409: ErrorOut},
    summary="法定代表人撤销经办人授权",
)
def revoke(request: HttpRequest, uscc: str, authorisation_id: int) -> AuthorisationOut:
    representative = _representative(request)
    organisation = _organisation(representative, uscc)
    grant = selectors.authorisations_of(organisation).filter(pk=authorisation_id).first()
    if grant is None:
        raise NotFound("not_found", _("未找到该授权。"))
    grant = services.revoke_agent(grant, by=representative, ip_address=client_ip(request))
    return authorisation_out(grant)

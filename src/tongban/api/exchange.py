"""/api/v1/applications/{number}/reuse (免提交) and /api/v1/me/data-access (谁查看了我的数据)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from tongban.accounts import selectors as accounts
from tongban.accounts.models import Person
from tongban.api.accounts import ErrorOut
from tongban.api.auth import BearerToken
from tongban.cases import selectors as cases
from tongban.cases import services as case_services
from tongban.core.errors import NotFound
from tongban.core.http import client_ip
from tongban.exchange import selectors, services
from tongban.exchange.models import ExchangeLog

router = Router(tags=["共享交换 data exchange"], auth=BearerToken())
PAGE_SIZE = 20


class ReuseIn(Schema):
    datasets: list[str] = Field(description="同意获取的证照或共享数据代码（材料的 source_ref）")
    consent: bool = Field(description="申请人同意为本办件获取上述数据")


class Labelled(Schema):
    code: str
    label: str


class ReusedOut(Schema):
    material: Labelled
    source: str = Field(description="licence | dataset")
    dataset: str
    outcome: str = Field(description="ok | no_record | provider_down | refused")
    message: str
    sha256: str = ""


class ReuseOut(Schema):
    number: str
    materials: list[ReusedOut]
    still_missing: list[Labelled] = Field(description="仍需上传的材料")


class AccessOut(Schema):
    at: dt.datetime
    requester: str = Field(description="申请人本人，或查询的部门工作人员")
    department: str = ""
    case: str
    item: str
    dataset: Labelled
    purpose: str
    outcome: Labelled


class AccessListOut(Schema):
    items: list[AccessOut]
    next_after: int | None


def _person(request: HttpRequest) -> Person:
    person = accounts.person_of(request.auth)
    if person is None:
        raise NotFound("not_a_person", _("只有实名注册的个人可以使用此功能。"))
    return person


@router.post(
    "/applications/{number}/reuse",
    response={200: ReuseOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="免提交：经授权获取证照和共享数据作为申请材料",
)
def reuse(request: HttpRequest, number: str, payload: ReuseIn) -> ReuseOut:
    person = _person(request)
    case = cases.case_for_person(person, number)
    applicant = case_services.Applicant(person, case.organisation)
    reused = services.reuse_materials(
        case, applicant, payload.datasets, client_ip(request), consent=payload.consent
    )
    return ReuseOut(
        number=case.number,
        materials=[
            ReusedOut(
                material=Labelled(code=r.code, label=r.name),
                source=r.source,
                dataset=r.dataset,
                outcome=r.outcome,
                message=r.message,
                sha256=r.sha256,
            )
            for r in reused
        ],
        still_missing=[
            Labelled(code=m.code, label=m.name) for m in case_services.missing_materials(case)
        ],
    )


def access_out(entry: ExchangeLog) -> AccessOut:
    department = entry.requester_department
    return AccessOut(
        at=entry.at,
        requester=_("部门工作人员") if department else _("申请人本人"),
        department=department.name if department else "",
        case=entry.case.number,
        item=entry.case.implementation.item.name,
        dataset=Labelled(code=entry.dataset.code, label=entry.dataset.name),
        purpose=entry.purpose,
        outcome=Labelled(code=entry.outcome, label=str(entry.get_outcome_display())),
    )


@router.get(
    "/me/data-access", response={200: AccessListOut, 404: ErrorOut}, summary="谁查看了我的数据"
)
def data_access(request: HttpRequest, after: int | None = None) -> AccessListOut:
    """``after`` is the ``next_after`` of the previous page: keyset pagination, newest first."""
    entries = selectors.access_log_about(_person(request))
    if after:
        entries = entries.filter(id__lt=after)
    page = list(entries[: PAGE_SIZE + 1])
    return AccessListOut(
        items=[access_out(e) for e in page[:PAGE_SIZE]],
        next_after=page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None,
    )

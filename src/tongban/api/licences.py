"""/api/v1/licences: the licence wallet (证照夹), the issuer's revocation and change, and
verification, which anyone may ask for without signing in."""

from __future__ import annotations

import datetime as dt
import json

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from pydantic import Field

from tongban.accounts import selectors as accounts
from tongban.accounts.models import Official, Person
from tongban.api.accounts import ErrorOut
from tongban.api.auth import BearerToken
from tongban.core.errors import DomainError, NotFound
from tongban.licences import selectors, services, verification
from tongban.licences.models import Licence

router = Router(tags=["电子证照 licences"], auth=BearerToken())
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class Labelled(Schema):
    code: str
    label: str


class ItemOut(Schema):
    key: str
    label: str
    value: str


class LicenceOut(Schema):
    identifier: str = Field(description="证照标识（GB/T 36904）")
    name: str
    type: Labelled = Field(description="证照类型：简码与证照类型代码")
    holder: str
    holder_code_type: Labelled = Field(description="持证主体代码类型代码 111/001")
    issuer: Labelled
    issued_at: dt.datetime
    valid_from: dt.date
    valid_until: dt.date | None
    status: Labelled
    status_reason: str
    legal_basis: str
    superseded_by: str | None = None
    data: list[ItemOut]
    pdf_sha256: str
    pdf_url: str


class LicenceListOut(Schema):
    items: list[LicenceOut]


class ActionIn(Schema):
    action: str = Field(description="revoke 撤销 | annul 注销 | reissue 变更换发")
    reason: str = Field(max_length=500)
    legal_basis: str = Field(default="", max_length=500)
    changes: dict[str, str] = Field(default_factory=dict, description="换发时变更的照面信息项")


class VerdictOut(Schema):
    outcome: str = Field(description="genuine | altered | revoked | expired | unknown")
    label: str = Field(description="真实有效 | 已被篡改 | 已撤销 | 已过期 | 无法识别")
    reason: str
    identifier: str
    facts: dict[str, str]


def licence_out(licence: Licence) -> LicenceOut:
    newer = getattr(licence, "superseded_by", None)
    return LicenceOut(
        identifier=licence.identifier,
        name=licence.licence_type.name,
        type=Labelled(code=licence.licence_type.code, label=licence.licence_type.type_code),
        holder=licence.holder_name,
        holder_code_type=Labelled(
            code=licence.holder_code_type, label=str(licence.get_holder_code_type_display())
        ),
        issuer=Labelled(code=licence.issuer.uscc, label=licence.issuer.name),
        issued_at=licence.issued_at,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        status=Labelled(code=licence.status, label=str(licence.get_status_display())),
        status_reason=licence.status_reason,
        legal_basis=licence.legal_basis,
        superseded_by=newer.identifier if newer else None,
        data=[
            ItemOut(key=spec["key"], label=spec["label"], value=licence.data.get(spec["key"], ""))
            for spec in licence.licence_type.fields
        ],
        pdf_sha256=licence.pdf_sha256,
        pdf_url=reverse("api-v1:licence_pdf", args=[licence.identifier]),
    )


def _person(request: HttpRequest) -> Person:
    person = accounts.person_of(request.auth)
    if person is None:
        raise NotFound("not_a_person", _("只有实名注册的个人有证照夹。"))
    return person


def _official(request: HttpRequest) -> Official:
    official = accounts.official_of(request.auth)
    if official is None:
        raise NotFound("licence_not_found", _("未找到该证照。"))
    return official


def _wallet_licence(request: HttpRequest, identifier: str) -> Licence:
    person = _person(request)
    organisation = selectors.acting_for(person, request.headers.get("X-Acting-For"))
    return selectors.licence_in_wallet(person, identifier, organisation)


@router.get(
    "", response={200: LicenceListOut, **ERRORS}, summary="证照夹（X-Acting-For: 法人证照）"
)
def wallet(request: HttpRequest) -> LicenceListOut:
    person = _person(request)
    organisation = selectors.acting_for(person, request.headers.get("X-Acting-For"))
    return LicenceListOut(
        items=[licence_out(lic) for lic in selectors.wallet(person, organisation)]
    )


@router.post(
    "/verify",
    auth=None,
    response={200: VerdictOut, 400: ErrorOut, 413: ErrorOut},
    summary="核验证照：multipart 上传 pdf，或 JSON {qr}（无需登录）",
)
def verify(request: HttpRequest) -> VerdictOut:
    upload = request.FILES.get("pdf")
    if upload is not None:
        if upload.size > verification.MAX_PDF_BYTES:
            raise DomainError("file_too_large", _("文件过大。"), status=413)
        return VerdictOut(**verification.verify_pdf(upload.read()).as_dict())
    try:
        qr = json.loads(request.body or b"{}").get("qr", "")
    except (json.JSONDecodeError, AttributeError, UnicodeDecodeError):
        qr = ""
    if not isinstance(qr, str) or not qr.strip():
        raise DomainError(
            "nothing_to_verify",
            _("请上传证照PDF文件，或提供二维码内容。"),
            fields={"qr": _("必填。")},
        )
    return VerdictOut(**verification.verify_qr(qr).as_dict())


@router.get("/{identifier}", response={200: LicenceOut, **ERRORS}, summary="证照详情")
def detail(request: HttpRequest, identifier: str) -> LicenceOut:
    return licence_out(_wallet_licence(request, identifier))


@router.get(
    "/{identifier}/pdf", response={**ERRORS}, url_name="licence_pdf", summary="下载证照 PDF"
)
def pdf(request: HttpRequest, identifier: str) -> FileResponse:
    licence = _wallet_licence(request, identifier)
    return FileResponse(
        licence.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{licence.identifier}.pdf",
    )


@router.post(
    "/{identifier}/actions",
    response={200: LicenceOut, **ERRORS},
    summary="颁发机构：撤销、注销、变更换发",
)
def act(request: HttpRequest, identifier: str, payload: ActionIn) -> LicenceOut:
    official = _official(request)
    licence = selectors.licence_of_issuer(official, identifier)
    if payload.action == "revoke":
        done = services.revoke_licence(
            licence, official, reason=payload.reason, legal_basis=payload.legal_basis
        )
    elif payload.action == "annul":
        done = services.annul_licence(
            licence, official, reason=payload.reason, legal_basis=payload.legal_basis
        )
    elif payload.action == "reissue":
        done = services.reissue_licence(
            licence, official, changes=payload.changes, reason=payload.reason
        )
    else:
        raise DomainError("unknown_action", _("不支持的操作。"), fields={"action": _("无效。")})
    return licence_out(selectors.licence_of_issuer(official, done.identifier))

"""/api/v1/auth/* and /api/v1/me."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.throttling import AnonRateThrottle
from pydantic import Field

from tongban.accounts import selectors, services
from tongban.accounts.models import Person, User
from tongban.api.auth import BearerToken, acting_for
from tongban.core.errors import NotFound
from tongban.core.http import client_ip

router = Router(tags=["账户 accounts"])


class TokenIn(Schema):
    username: str = Field(description="身份证号码、手机号码或工作人员用户名", max_length=150)
    password: str = Field(max_length=128)
    otp: str | None = Field(default=None, description="工作人员的动态口令（TOTP）", max_length=10)


class TokenOut(Schema):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme name, not a secret
    expires_in: int


class RegisterIn(Schema):
    real_name: str = Field(max_length=50)
    id_number: str = Field(max_length=30)
    mobile: str = Field(max_length=20)
    password: str = Field(max_length=128)


class PersonOut(Schema):
    real_name: str
    id_number: str = Field(description="脱敏显示")
    mobile: str = Field(description="脱敏显示")
    birth_date: dt.date
    sex: str
    birth_region_code: str
    real_name_level: int
    real_name_level_label: str


class OfficialOut(Schema):
    department: str
    department_uscc: str
    region: str
    region_code: str
    roles: list[str]


class OrganisationOut(Schema):
    uscc: str
    name: str
    relation: str


class MeOut(Schema):
    username: str
    full_name: str
    person: PersonOut | None = None
    official: OfficialOut | None = None
    organisations: list[OrganisationOut] = []
    acting_for: OrganisationOut | None = Field(
        default=None, description="X-Acting-For 请求头所指、当前代为办理的单位"
    )


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Schema):
    error: ErrorDetail


def person_out(person: Person) -> PersonOut:
    return PersonOut(
        real_name=person.real_name,
        id_number=person.masked_id_number,
        mobile=person.masked_mobile,
        birth_date=person.birth_date,
        sex=person.sex,
        birth_region_code=person.birth_region_code,
        real_name_level=person.real_name_level,
        real_name_level_label=str(person.get_real_name_level_display()),
    )


@router.post(
    "/auth/token",
    response={200: TokenOut, 401: ErrorOut, 429: ErrorOut},
    throttle=[AnonRateThrottle("30/m")],
    summary="用账号和密码换取访问令牌",
)
def token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    issued = services.issue_api_token(request, payload.username, payload.password, payload.otp)
    return TokenOut(access_token=issued.token, expires_in=issued.expires_in)


@router.post(
    "/auth/register",
    response={201: PersonOut, 400: ErrorOut, 409: ErrorOut},
    throttle=[AnonRateThrottle("10/m")],
    summary="自然人实名注册",
)
def register(request: HttpRequest, payload: RegisterIn) -> Status:
    person = services.register_person(
        services.Registration(**payload.dict()), ip_address=client_ip(request)
    )
    return Status(201, person_out(person))


def _organisations(user: User) -> list[OrganisationOut]:
    person = selectors.person_of(user)
    if person is None:
        return []
    return [
        OrganisationOut(uscc=o.uscc, name=o.name, relation=relation)
        for o, relation in selectors.organisations_of(person)
    ]


def _acting_for(
    request: HttpRequest, organisations: list[OrganisationOut]
) -> OrganisationOut | None:
    organisation = acting_for(request)
    if organisation is None:
        return None
    return next(o for o in organisations if o.uscc == organisation.uscc)


@router.get("/me", response={200: MeOut, 403: ErrorOut}, auth=BearerToken(), summary="当前登录用户")
def me(request: HttpRequest) -> MeOut:
    user: User = request.auth
    person = selectors.person_of(user)
    official = selectors.official_of(user)
    organisations = _organisations(user)
    return MeOut(
        username=user.get_username(),
        full_name=user.full_name,
        person=person_out(person) if person else None,
        official=OfficialOut(
            department=official.department.name,
            department_uscc=official.department.uscc,
            region=official.region.name,
            region_code=official.region.code,
            roles=sorted(official.role_codes),
        )
        if official
        else None,
        organisations=organisations,
        acting_for=_acting_for(request, organisations),
    )


@router.post(
    "/me/verification",
    response={200: PersonOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 503: ErrorOut},
    auth=BearerToken(),
    throttle=[AnonRateThrottle("10/m")],
    summary="实名核验（姓名与身份证号码）",
    description="向身份核验服务核对姓名与身份证号码；服务暂不可用时返回 503，账户不变。",
)
def verify_real_name(request: HttpRequest) -> PersonOut:
    person = selectors.person_of(request.auth)
    if person is None:
        raise NotFound("not_found", _("该账号没有实名信息。"))
    return person_out(services.verify_real_name(person, ip_address=client_ip(request)))

"""What can happen to accounts: each change is one function that checks, writes and audits."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.accounts import idcheck, twofactor
from tongban.accounts.models import (
    AgentAuthorisation,
    ApiToken,
    Official,
    OfficialRole,
    Organisation,
    Person,
    RealNameLevel,
    Role,
    User,
)
from tongban.core import audit
from tongban.core.codes import normalise_mobile, normalise_uscc, parse_resident_id
from tongban.core.crypto import lookup_hash
from tongban.core.errors import DomainError, PermissionDenied
from tongban.core.models import Department, Region

logger = logging.getLogger(__name__)

ID_HASH_PURPOSE = "resident-id"
MOBILE_HASH_PURPOSE = "mobile"


@dataclass(frozen=True)
class Registration:
    real_name: str
    id_number: str
    mobile: str
    password: str


def _check_real_name(name: str) -> str:
    name = (name or "").strip()
    if not 2 <= len(name) <= 50:
        raise DomainError(
            "invalid_name",
            _("请填写身份证上的真实姓名。"),
            fields={"real_name": _("姓名长度应为2至50个字符。")},
        )
    return name


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(
            "weak_password", _("密码不符合要求。"), fields={"password": " ".join(error.messages)}
        ) from None


def _field_error(error: DomainError, field: str) -> DomainError:
    error.fields = {field: error.message}
    return error


def register_person(data: Registration, *, ip_address: str | None = None) -> Person:
    """自然人注册: check every field first, then create the user and profile together."""
    real_name = _check_real_name(data.real_name)
    try:
        resident = parse_resident_id(data.id_number)
    except DomainError as error:
        raise _field_error(error, "id_number") from None
    try:
        mobile = normalise_mobile(data.mobile)
    except DomainError as error:
        raise _field_error(error, "mobile") from None
    id_hash = lookup_hash(resident.number, ID_HASH_PURPOSE)
    mobile_hash = lookup_hash(mobile, MOBILE_HASH_PURPOSE)
    user = User(username=f"p{secrets.token_hex(8)}", full_name=real_name)
    _check_password(data.password, user)
    if Person.objects.filter(id_number_hash=id_hash).exists():
        raise DomainError(
            "id_number_taken",
            _("该身份证号码已注册，请直接登录或找回密码。"),
            fields={"id_number": _("该身份证号码已注册。")},
            status=409,
        )
    if Person.objects.filter(mobile_hash=mobile_hash).exists():
        raise DomainError(
            "mobile_taken",
            _("该手机号码已被其他账户使用。"),
            fields={"mobile": _("该手机号码已被使用。")},
            status=409,
        )
    try:
        with transaction.atomic():
            user.set_password(data.password)
            user.save()
            person = Person.objects.create(
                user=user,
                real_name=real_name,
                id_number=resident.number,
                id_number_hash=id_hash,
                mobile=mobile,
                mobile_hash=mobile_hash,
                birth_date=resident.birth_date,
                sex=resident.sex,
                birth_region_code=resident.region_code,
            )
            audit.record(
                "person.registered",
                person,
                actor=audit.Actor.of(user, ip_address=ip_address),
                changes={"real_name_level": person.real_name_level},
            )
    except IntegrityError:
        # Two registrations with the same number raced past the checks above; one won.
        raise DomainError(
            "already_registered", _("该身份证号码或手机号码已注册。"), status=409
        ) from None
    return person


def find_user_by_identifier(identifier: str) -> User | None:
    """Login identifiers: a resident ID number, a mobile number, or an official's username."""
    value = (identifier or "").strip()
    if not value:
        return None
    candidates = [
        Person.objects.filter(id_number_hash=lookup_hash(value.upper(), ID_HASH_PURPOSE)),
        Person.objects.filter(mobile_hash=lookup_hash(value, MOBILE_HASH_PURPOSE)),
    ]
    for people in candidates:
        person = people.select_related("user").first()
        if person is not None:
            return person.user
    return User.objects.filter(username=value).first()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_in: int


def _locked_out() -> DomainError:
    return DomainError(
        "locked_out", _("登录失败次数过多，账户已暂时锁定，请稍后再试。"), status=429
    )


def _check_api_second_factor(
    request: HttpRequest, user: User, username: str, otp: str | None
) -> None:
    """Officials add their TOTP (or a recovery code) to the password; a wrong one counts as a
    failed sign-in towards the same lockout."""
    if not twofactor.requires_second_factor(user):
        return
    if twofactor.confirmed_device(user) is None:
        raise DomainError(
            "otp_not_enrolled", _("请先在网页登录并启用动态口令，再申请访问令牌。"), status=401
        )
    if not otp:
        raise DomainError(
            "otp_required",
            _("工作人员需要同时提供动态口令。"),
            fields={"otp": _("请填写动态口令。")},
            status=401,
        )
    if not twofactor.check_second_factor(request, user, otp, username):
        if getattr(request, "axes_locked_out", False):
            raise _locked_out()
        raise DomainError(
            "invalid_otp", _("动态口令不正确。"), fields={"otp": _("动态口令不正确。")}, status=401
        )


def issue_api_token(
    request: HttpRequest, username: str, password: str, otp: str | None = None
) -> IssuedToken:
    """POST /api/v1/auth/token: check the password (django-axes counts failures and locks out)
    and, for officials, the TOTP; then hand out a bearer token whose hash alone is kept."""
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise _locked_out()
    if user is None:
        raise DomainError("invalid_credentials", _("账号或密码错误。"), status=401)
    _check_api_second_factor(request, user, username, otp)
    token = secrets.token_urlsafe(32)
    lifetime = settings.TONGBAN_API_TOKEN_TTL
    ApiToken.objects.create(
        user=user,
        key_hash=_token_hash(token),
        expires_at=timezone.now() + dt.timedelta(seconds=lifetime),
    )
    return IssuedToken(token=token, expires_in=lifetime)


def user_for_token(token: str) -> User | None:
    found = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    return found.user


def check_official_scope(department: Department, region: Region, roles: Iterable[str]) -> list[str]:
    """An official needs at least one known role and a scope inside their department's region."""
    role_set = sorted(set(roles))
    unknown = set(role_set) - set(Role.values)
    if unknown:
        raise DomainError(
            "unknown_role",
            _("未知角色：%(roles)s") % {"roles": ", ".join(sorted(unknown))},
            fields={"roles": _("未知角色。")},
        )
    if not role_set:
        raise DomainError(
            "no_role", _("工作人员至少需要一个角色。"), fields={"roles": _("请至少选择一个角色。")}
        )
    if not region.code.startswith(department.region.scope_prefix):
        raise DomainError(
            "region_outside_department",
            _("管辖区划必须是所属部门的区划或其下级区划。"),
            fields={"region": _("管辖区划必须是所属部门的区划或其下级区划。")},
        )
    return role_set


def check_new_official_login(username: str, full_name: str, password: str) -> User:
    """The unsaved user of a new official, once the username is free and the password good."""
    if User.objects.filter(username=username).exists():
        raise DomainError(
            "username_taken",
            _("用户名已存在。"),
            fields={"username": _("用户名已存在。")},
            status=409,
        )
    user = User(username=username, full_name=full_name)
    _check_password(password, user)
    return user


def create_official(
    *,
    username: str,
    full_name: str,
    password: str,
    department: Department,
    region: Region,
    roles: Iterable[str],
    actor: audit.Actor = audit.SYSTEM,
) -> Official:
    """Officials are created by administrators, never by self-registration."""
    role_set = check_official_scope(department, region, roles)
    user = check_new_official_login(username, full_name, password)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        official = Official.objects.create(user=user, department=department, region=region)
        OfficialRole.objects.bulk_create(
            [OfficialRole(official=official, role=r) for r in role_set]
        )
        audit.record(
            "official.created",
            official,
            actor=actor,
            changes={"department": department.uscc, "region": region.code, "roles": role_set},
        )
    return official


def create_organisation(
    *,
    uscc: str,
    name: str,
    legal_representative: Person,
    region: Region | None = None,
    actor: audit.Actor = audit.SYSTEM,
) -> Organisation:
    code = normalise_uscc(uscc)
    if Organisation.objects.filter(uscc=code).exists():
        raise DomainError("organisation_exists", _("该统一社会信用代码已登记。"), status=409)
    with transaction.atomic():
        organisation = Organisation.objects.create(
            uscc=code, name=name.strip(), legal_representative=legal_representative, region=region
        )
        audit.record("organisation.created", organisation, actor=actor, changes={"uscc": code})
    return organisation


def authorise_agent(
    *,
    organisation: Organisation,
    by: Person,
    agent: Person,
    valid_until: dt.date,
    item_codes: Iterable[str] = (),
    ip_address: str | None = None,
) -> AgentAuthorisation:
    """Only the legal representative authorises agents, for a period ending in the future,
    for every item or only the items named by basic code (checked by the caller, which knows
    the catalogue)."""
    items = sorted({code.strip().upper() for code in item_codes if code.strip()})
    if organisation.legal_representative_id != by.pk:
        raise PermissionDenied("not_legal_representative", _("只有法定代表人可以授权经办人。"))
    if valid_until < timezone.localdate():
        raise DomainError("authorisation_in_past", _("授权截止日期不能早于今天。"))
    if agent.pk == by.pk:
        raise DomainError("self_authorisation", _("法定代表人无需授权自己。"))
    with transaction.atomic():
        live = AgentAuthorisation.objects.select_for_update().filter(
            organisation=organisation, agent=agent, revoked_at__isnull=True
        )
        if live.exists():
            raise DomainError("already_authorised", _("该经办人已获授权。"), status=409)
        grant = AgentAuthorisation.objects.create(
            organisation=organisation,
            agent=agent,
            granted_by=by,
            valid_until=valid_until,
            item_codes=items,
        )
        audit.record(
            "agent.authorised",
            grant,
            actor=audit.Actor.of(by.user, acting_for=organisation.uscc, ip_address=ip_address),
            changes={"agent": agent.pk, "valid_until": valid_until, "items": items},
        )
    return grant


def revoke_agent(
    grant: AgentAuthorisation, *, by: Person, ip_address: str | None = None
) -> AgentAuthorisation:
    with transaction.atomic():
        grant = (
            AgentAuthorisation.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=grant.pk)
        )
        if grant.organisation.legal_representative_id != by.pk:
            raise PermissionDenied("not_legal_representative", _("只有法定代表人可以撤销授权。"))
        if grant.revoked_at is not None:
            raise DomainError("already_revoked", _("该授权已撤销。"), status=409)
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit.record(
            "agent.revoked",
            grant,
            actor=audit.Actor.of(
                by.user, acting_for=grant.organisation.uscc, ip_address=ip_address
            ),
        )
    return grant


def update_official(
    official: Official,
    *,
    department: Department,
    region: Region,
    roles: Iterable[str],
    actor: audit.Actor,
) -> Official:
    """Move an official or change their roles; the old and new scope both go into the audit."""
    role_set = check_official_scope(department, region, roles)
    with transaction.atomic():
        official = Official.objects.select_for_update().get(pk=official.pk)
        before = {
            "department": official.department.uscc,
            "region": official.region.code,
            "roles": sorted(official.role_codes),
        }
        official.department, official.region = department, region
        official.save(update_fields=["department", "region"])
        official.roles.exclude(role__in=role_set).delete()
        OfficialRole.objects.bulk_create(
            [OfficialRole(official=official, role=r) for r in role_set], ignore_conflicts=True
        )
        after = {"department": department.uscc, "region": region.code, "roles": role_set}
        audit.record(
            "official.updated", official, actor=actor, changes={"before": before, "after": after}
        )
    return official


def find_registered_person(real_name: str, id_number: str) -> Person:
    """The registered person with this ID number, only if the name matches too: a legal
    representative names an agent by both, so an ID number alone reveals nobody's account."""
    try:
        resident = parse_resident_id(id_number)
    except DomainError as error:
        raise _field_error(error, "id_number") from None
    person = Person.objects.filter(
        id_number_hash=lookup_hash(resident.number, ID_HASH_PURPOSE)
    ).first()
    if person is None or person.real_name != (real_name or "").strip():
        raise DomainError(
            "person_not_found",
            _("未找到姓名与身份证号码一致的注册用户，请让经办人先注册。"),
            status=404,
        )
    return person


def verify_real_name(person: Person, *, ip_address: str | None = None) -> Person:
    """实名核验: ask the identity-verification service whether the registered name and ID number
    belong together. The call happens outside any transaction, and only a trustworthy "match"
    changes the account: a mismatch or a service that cannot answer leaves it exactly as it
    was, never half-verified."""
    if person.real_name_level >= RealNameLevel.VERIFIED:
        raise DomainError("already_verified", _("您已完成实名核验。"), status=409)
    try:
        result = idcheck.verify(person.real_name, person.id_number)
    except idcheck.IdCheckUnavailable as error:
        logger.warning("identity verification unavailable: %s", error)
        raise DomainError(
            "idcheck_unavailable", _("暂时无法核验，请稍后再试。"), status=503
        ) from None
    actor = audit.Actor.of(person.user, ip_address=ip_address)
    if not result.match:
        audit.record("person.real_name_mismatch", person, actor=actor)
        raise DomainError(
            "real_name_mismatch",
            _(
                "姓名与身份证号码不一致，核验未通过。请核对注册信息；如有疑问，"
                "请携带身份证到政务服务大厅窗口办理。"
            ),
            status=422,
        )
    return _raise_level(person, RealNameLevel.VERIFIED, result.reference, actor)


def _raise_level(
    person: Person, level: RealNameLevel, reference: str, actor: audit.Actor
) -> Person:
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = person.real_name_level
        if before < level:
            person.real_name_level = level
            person.real_name_checked_at = timezone.now()
            person.real_name_reference = reference
            person.save(
                update_fields=["real_name_level", "real_name_checked_at", "real_name_reference"]
            )
            audit.record(
                "person.real_name_level_raised",
                person,
                actor=actor,
                changes={"from": before, "to": int(level), "reference": reference},
            )
    return person


def confirm_in_person(person: Person, *, clerk: Official, ip_address: str | None = None) -> Person:
    """强实名: a window clerk saw the person and their ID card at the hall window."""
    if not clerk.has_role(Role.WINDOW_CLERK):
        raise PermissionDenied("not_window_clerk", _("只有综合窗口受理人员可以现场核验身份。"))
    actor = audit.Actor.of(clerk.user, ip_address=ip_address)
    reference = f"WINDOW-{clerk.department.uscc}-{timezone.localdate():%Y%m%d}"
    return _raise_level(person, RealNameLevel.STRONG, reference, actor)

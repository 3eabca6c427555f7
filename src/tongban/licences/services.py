"""What can happen to an electronic licence: issued when a case is approved, revoked, annulled,
re-issued on a change; and the signing key rotated. Each is one transaction, audited."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.accounts.models import Official, Organisation, Person
from tongban.cases.models import Case
from tongban.core import audit, sequences
from tongban.core.errors import Conflict, DomainError, PermissionDenied
from tongban.core.masking import mask_id_number
from tongban.core.models import Department
from tongban.licences import layout, pdfseal, signing
from tongban.licences.models import (
    HolderCodeType,
    HolderKind,
    Licence,
    LicenceStatus,
    LicenceType,
    SigningKey,
)
from tongban.licences.rules import Identifier
from tongban.licences.verification import qr_token

# Where a scanned QR code sends the phone; the path is always /verify/.


@dataclass(frozen=True)
class Holder:
    person: Person | None
    organisation: Organisation | None

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else self.person.real_name

    @property
    def code_type(self) -> str:
        return HolderCodeType.USCC if self.organisation else HolderCodeType.RESIDENT_ID

    @property
    def code(self) -> str:
        return self.organisation.uscc if self.organisation else self.person.id_number


def licence_type_for(case: Case) -> LicenceType | None:
    """The licence an approval of ``case`` issues: the type listing the implementation's
    result name, when the result is a licence at all."""
    implementation = case.implementation
    if not implementation.result_is_licence:
        return None
    for licence_type in LicenceType.objects.filter(is_active=True):
        if implementation.result_name in licence_type.result_names:
            return licence_type
    return None


def _holder(case: Case, licence_type: LicenceType) -> Holder | None:
    if case.organisation and licence_type.holder_kind != HolderKind.PERSON:
        return Holder(None, case.organisation)
    if licence_type.holder_kind != HolderKind.ORGANISATION:
        return Holder(case.applicant, None)
    return None


def _answer_labels(case: Case, code: str) -> str:
    answer = case.answers.get(code)
    chosen = answer if isinstance(answer, list) else [answer] if answer else []
    options = {
        option.code: option.label
        for question in case.implementation.questions.filter(code=code).prefetch_related("options")
        for option in question.options.all()
    }
    return "、".join(options.get(str(value), str(value)) for value in chosen)


def _field_value(case: Case, source: str) -> str:
    """A 照面 item's value from the case: ``form.<field>``, ``answers.<question>`` (the chosen
    options' labels), ``case.number`` or ``item.name``."""
    kind, _dot, name = source.partition(".")
    if kind == "form":
        return str(case.form.get(name, ""))
    if kind == "answers":
        return _answer_labels(case, name)
    if source == "case.number":
        return case.number
    if source == "item.name":
        return case.implementation.item.name
    return ""


def _data_from_case(case: Case, licence_type: LicenceType) -> dict[str, str]:
    return {
        spec["key"]: _field_value(case, spec.get("from", f"form.{spec['key']}"))
        for spec in licence_type.fields
    }


def current_key() -> SigningKey:
    """The key that signs now, locked; the first issuance ever creates it."""
    key = SigningKey.objects.select_for_update().filter(retired_at__isnull=True).last()
    return key or _new_key()


def _new_key() -> SigningKey:
    fresh = signing.generate_key(timezone.localdate())
    key = SigningKey.objects.create(
        kid=fresh.kid,
        private_key=fresh.private_key,
        public_key=fresh.public_key,
        created_at=timezone.now(),
    )
    audit.record("licences.key_created", key, changes={"kid": key.kid})
    return key


def rotate_key(actor: audit.Actor = audit.SYSTEM) -> SigningKey:
    """Retire the signing key and start a new one. Licences signed with the old key stay
    verifiable: its public key stays published with the time it stopped signing."""
    with transaction.atomic():
        now = timezone.now()
        retired = list(SigningKey.objects.select_for_update().filter(retired_at__isnull=True))
        for key in retired:
            key.retired_at = now
            key.save(update_fields=["retired_at"])
        key = _new_key()
        audit.record(
            "licences.key_rotated",
            key,
            actor=actor,
            changes={"kid": key.kid, "retired": [k.kid for k in retired]},
        )
    return key


def _serial(licence_type: LicenceType, issuer: Department, year: int) -> str:
    """流水号: the year and a per-type, per-issuer counter, 11 digits like 20230000403."""
    seq = sequences.next_value(f"licence:{licence_type.code}:{issuer.uscc}:{year}")
    return f"{year}{seq:07d}"


def _rows(licence_type: LicenceType, data: dict[str, str]) -> list[tuple[str, str]]:
    return [(spec["label"], data.get(spec["key"], "")) for spec in licence_type.fields]


def _sign_and_render(
    licence_type: LicenceType,
    holder: Holder,
    issuer: Department,
    identifier: Identifier,
    data: dict[str, str],
    key: SigningKey,
) -> tuple[dict[str, Any], bytes, str, str]:
    """The signed document, the sealed PDF, the signature and the QR code's signature."""
    now = timezone.now()
    today = timezone.localdate(now)
    until = (
        today + dt.timedelta(days=licence_type.validity_days - 1)
        if licence_type.validity_days
        else None
    )
    core = {
        "ZZMC": licence_type.name,
        "ZZLXDM": licence_type.type_code,
        "ZZBH": identifier.serial,
        "ZZBS": str(identifier),
        "ZZBFJG": issuer.name,
        "ZZBFJGDM": issuer.uscc,
        "ZZBFRQ": today.isoformat(),
        "CZZT": holder.name,
        "CZZTDM": holder.code,
        "CZZTDMLX": str(HolderCodeType(holder.code_type).label),
        "CZZTDMLXDM": holder.code_type,
        "ZZYXQQSRQ": today.isoformat(),
        "ZZYXQJZRQ": until.isoformat() if until else "",
        "KZ": [
            {"key": spec["key"], "label": spec["label"], "value": data.get(spec["key"], "")}
            for spec in licence_type.fields
        ],
        "QZSJ": now.isoformat(),
        "kid": key.kid,
        "alg": signing.ALGORITHM,
    }
    core_sha = signing.sha256_hex(signing.canonical_bytes(core))
    qr_signature = signing.sign(key.private_key, signing.qr_message(str(identifier), core_sha))
    base = settings.TONGBAN_PUBLIC_URL
    token = qr_token(str(identifier), key.kid, qr_signature)
    shown_code = holder.code if holder.organisation else mask_id_number(holder.code)
    body = layout.render(
        layout.LicencePage(
            name=licence_type.name,
            identifier=str(identifier),
            serial=identifier.serial,
            holder=holder.name,
            holder_code=shown_code,
            rows=_rows(licence_type, data),
            issuer=issuer.name,
            issued_on=today,
            valid_from=today,
            valid_until=until,
            qr_payload=f"{base.rstrip('/')}/verify/?q={token}",
        )
    )
    document = {**core, "pdf_sha256": signing.sha256_hex(body)}
    message = signing.canonical_bytes(document)
    signature = signing.sign(key.private_key, message)
    pdf = pdfseal.seal(
        body, document=message, signature=signature, kid=key.kid, data_sha256=document["pdf_sha256"]
    )
    return document, pdf, signature, qr_signature


def _create(
    *,
    licence_type: LicenceType,
    holder: Holder,
    issuer: Department,
    identifier: Identifier,
    data: dict[str, str],
    case: Case | None,
    supersedes: Licence | None = None,
) -> Licence:
    key = current_key()
    document, pdf, signature, qr_signature = _sign_and_render(
        licence_type, holder, issuer, identifier, data, key
    )
    licence = Licence(
        identifier=str(identifier),
        serial=identifier.serial,
        version=identifier.version,
        licence_type=licence_type,
        holder_person=holder.person,
        holder_organisation=holder.organisation,
        holder_name=holder.name,
        holder_code_type=holder.code_type,
        issuer=issuer,
        case=case,
        data=data,
        document=json.dumps(document, ensure_ascii=False),
        pdf_sha256=document["pdf_sha256"],
        signature=signature,
        qr_signature=qr_signature,
        signing_key=key,
        issued_at=dt.datetime.fromisoformat(document["QZSJ"]),
        valid_from=dt.date.fromisoformat(document["ZZYXQQSRQ"]),
        valid_until=dt.date.fromisoformat(document["ZZYXQJZRQ"]) if document["ZZYXQJZRQ"] else None,
        supersedes=supersedes,
    )
    licence.pdf.save(
        f"{identifier.serial}-{identifier.version:03d}.pdf", ContentFile(pdf), save=False
    )
    licence.save()
    return licence


def issue_licence(case: Case, actor: Official) -> Licence | None:
    """Issue the licence ``case``'s approval calls for, in the approval's transaction. None
    when the result is no licence, no licence type matches, or the licence was issued already."""
    licence_type = licence_type_for(case)
    if licence_type is None:
        return None
    with transaction.atomic():
        existing = Licence.objects.filter(case=case, licence_type=licence_type).first()
        if existing is not None:
            return existing
        holder = _holder(case, licence_type)
        if holder is None:
            audit.record(
                "licences.not_issued",
                case,
                actor=audit.Actor.of(actor.user),
                changes={"type": licence_type.code, "why": "holder_kind"},
            )
            return None
        issuer = case.implementation.department
        year = timezone.localdate().year
        identifier = Identifier(
            licence_type.type_code, issuer.uscc, _serial(licence_type, issuer, year)
        )
        licence = _create(
            licence_type=licence_type,
            holder=holder,
            issuer=issuer,
            identifier=identifier,
            data=_data_from_case(case, licence_type),
            case=case,
        )
        audit.record(
            "licences.issued",
            licence,
            actor=audit.Actor.of(actor.user),
            changes={
                "identifier": licence.identifier,
                "case": case.number,
                "pdf_sha256": licence.pdf_sha256,
                "kid": licence.signing_key.kid,
            },
        )
    return licence


def _locked_valid(licence: Licence, official: Official) -> Licence:
    """The licence row locked, if ``official`` belongs to its issuer and it is still valid."""
    if official.department_id != licence.issuer_id:
        raise PermissionDenied("not_issuer", _("只有颁发机构可以变更该证照。"))
    locked = Licence.objects.select_for_update(of=("self",)).get(pk=licence.pk)
    if locked.status != LicenceStatus.VALID:
        raise Conflict(
            "licence_not_valid", _("该证照已%(status)s。") % {"status": locked.get_status_display()}
        )
    return locked


def _end(
    licence: Licence, official: Official, status: str, reason: str, legal_basis: str, action: str
) -> Licence:
    if not reason.strip():
        raise DomainError("reason_required", _("请填写原因。"), fields={"reason": _("必填。")})
    with transaction.atomic():
        locked = _locked_valid(licence, official)
        locked.status, locked.status_reason = status, reason.strip()
        locked.legal_basis, locked.status_changed_at = legal_basis.strip(), timezone.now()
        locked.save(update_fields=["status", "status_reason", "legal_basis", "status_changed_at"])
        audit.record(
            action,
            locked,
            actor=audit.Actor.of(official.user),
            changes={"identifier": locked.identifier, "reason": reason, "legal_basis": legal_basis},
        )
    return locked


def revoke_licence(
    licence: Licence, official: Official, *, reason: str, legal_basis: str
) -> Licence:
    """撤销: the licence should never have been issued, or its grounds are gone (行政许可法 69)."""
    if not legal_basis.strip():
        raise DomainError(
            "legal_basis_required",
            _("撤销证照须写明法律依据。"),
            fields={"legal_basis": _("必填。")},
        )
    return _end(licence, official, LicenceStatus.REVOKED, reason, legal_basis, "licences.revoked")


def annul_licence(
    licence: Licence, official: Official, *, reason: str, legal_basis: str = ""
) -> Licence:
    """注销: the licence ends (the holder gave it up, the business closed; 行政许可法 70)."""
    return _end(licence, official, LicenceStatus.ANNULLED, reason, legal_basis, "licences.annulled")


def reissue_licence(
    licence: Licence, official: Official, *, changes: dict[str, str], reason: str
) -> Licence:
    """换发 on a change: a new version with the changed items, the old one superseded."""
    unknown = set(changes) - {spec["key"] for spec in licence.licence_type.fields}
    if unknown:
        raise DomainError(
            "unknown_field",
            _("证照没有这些信息项：%(keys)s") % {"keys": "、".join(sorted(unknown))},
        )
    with transaction.atomic():
        old = _locked_valid(licence, official)
        old.status, old.status_reason = LicenceStatus.SUPERSEDED, reason.strip()
        old.status_changed_at = timezone.now()
        old.save(update_fields=["status", "status_reason", "status_changed_at"])
        identifier = Identifier(
            old.licence_type.type_code, old.issuer.uscc, old.serial, old.version
        ).next_version()
        new = _create(
            licence_type=old.licence_type,
            holder=Holder(old.holder_person, old.holder_organisation),
            issuer=old.issuer,
            identifier=identifier,
            data={**old.data, **changes},
            case=old.case,
            supersedes=old,
        )
        audit.record(
            "licences.reissued",
            new,
            actor=audit.Actor.of(official.user),
            changes={
                "identifier": new.identifier,
                "supersedes": old.identifier,
                "changes": changes,
                "reason": reason,
            },
        )
    return new

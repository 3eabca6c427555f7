"""Is this licence genuine? The answer for a PDF or the content of its QR code.

``check_pdf`` works from the PDF and a set of public keys alone (the offline command uses it);
``verify_pdf`` and ``verify_qr`` add what only the server knows: whether the licence was
revoked, annulled or replaced since."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongban.core.masking import mask_id_number
from tongban.licences import pdfseal, signing
from tongban.licences.models import Licence, LicenceStatus, SigningKey
from tongban.licences.rules import parse_identifier

# A licence PDF is one page; anything larger is refused before it is read.
MAX_PDF_BYTES = 10 * 1024 * 1024

GENUINE, ALTERED, REVOKED, EXPIRED, UNKNOWN = "genuine", "altered", "revoked", "expired", "unknown"
LABELS = {
    GENUINE: gettext_lazy("真实有效"),
    ALTERED: gettext_lazy("已被篡改"),
    REVOKED: gettext_lazy("已撤销"),
    EXPIRED: gettext_lazy("已过期"),
    UNKNOWN: gettext_lazy("无法识别"),
}
QR_SEPARATOR = "~"


@dataclass(frozen=True)
class Verdict:
    outcome: str
    reason: str
    identifier: str = ""
    facts: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(LABELS[self.outcome])

    @property
    def genuine(self) -> bool:
        return self.outcome == GENUINE

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "label": self.label,
            "reason": self.reason,
            "identifier": self.identifier,
            "facts": self.facts,
        }


def core_of(document: dict[str, Any]) -> dict[str, Any]:
    """The licence data without the PDF's hash: what the QR code's signature covers."""
    return {key: value for key, value in document.items() if key != "pdf_sha256"}


def facts_of(document: dict[str, Any]) -> dict[str, str]:
    """What a verifier is shown: enough to compare with the paper, the ID number masked."""
    code = str(document.get("CZZTDM", ""))
    if document.get("CZZTDMLXDM") == "111":
        code = mask_id_number(code)
    return {
        "name": str(document.get("ZZMC", "")),
        "holder": str(document.get("CZZT", "")),
        "holder_code": code,
        "issuer": str(document.get("ZZBFJG", "")),
        "issued_on": str(document.get("ZZBFRQ", "")),
        "valid_from": str(document.get("ZZYXQQSRQ", "")),
        "valid_until": str(document.get("ZZYXQJZRQ", "")),
    }


def _expired(document: dict[str, Any], today: dt.date) -> bool:
    until = document.get("ZZYXQJZRQ")
    return bool(until) and dt.date.fromisoformat(until) < today


def _signed_by_known_key(
    document: dict[str, Any], kid: str, keys: dict[str, signing.PublicKey]
) -> signing.PublicKey | None:
    """The key named by ``kid`` if it was in service when the licence says it was signed."""
    key = keys.get(kid)
    if key is None or document.get("kid") != kid:
        return None
    try:
        signed_at = dt.datetime.fromisoformat(document["QZSJ"])
    except (KeyError, TypeError, ValueError):
        return None
    return key if key.covers(signed_at) else None


def check_pdf(pdf: bytes, keys: dict[str, signing.PublicKey], today: dt.date) -> Verdict:
    """The signature and data hash a PDF carries, checked against ``keys``; no database."""
    embedded = pdfseal.unseal(pdf)
    if embedded is None:
        return Verdict(UNKNOWN, _("文件中没有电子证照签名数据，不是本平台签发的电子证照。"))
    try:
        document = json.loads(embedded.document)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return Verdict(ALTERED, _("文件中的证照数据已损坏。"))
    identifier = str(document.get("ZZBS", "")) if isinstance(document, dict) else ""
    if not isinstance(document, dict) or parse_identifier(identifier) is None:
        return Verdict(ALTERED, _("文件中的证照标识无效。"))
    key = keys.get(embedded.kid)
    if key is None:
        return Verdict(
            UNKNOWN, _("签名密钥 %(kid)s 不在公开密钥中。") % {"kid": embedded.kid}, identifier
        )
    message = signing.canonical_bytes(document)
    if message != embedded.document or not signing.signature_holds(
        key.public_key, message, embedded.signature
    ):
        return Verdict(ALTERED, _("签名与证照数据不符：数据在签发后被修改。"), identifier)
    if _signed_by_known_key(document, embedded.kid, keys) is None:
        return Verdict(ALTERED, _("签名时间不在该密钥的有效期内。"), identifier)
    body = pdf[: embedded.signed_length]
    if len(body) != embedded.signed_length or signing.sha256_hex(body) != document.get(
        "pdf_sha256"
    ):
        return Verdict(ALTERED, _("文件内容与签名时的摘要不符：文件在签发后被修改。"), identifier)
    return _judged(document, identifier, today)


def _judged(document: dict[str, Any], identifier: str, today: dt.date) -> Verdict:
    facts = facts_of(document)
    if _expired(document, today):
        return Verdict(
            EXPIRED,
            _("有效期已于%(date)s届满。") % {"date": facts["valid_until"]},
            identifier,
            facts,
        )
    return Verdict(GENUINE, _("签名有效，文件未被修改。"), identifier, facts)


def published_keys() -> dict[str, signing.PublicKey]:
    return {key.kid: key for key in (public_key(k) for k in SigningKey.objects.all())}


def public_key(key: SigningKey) -> signing.PublicKey:
    return signing.PublicKey(key.kid, key.public_key, key.created_at, key.retired_at)


def _with_status(verdict: Verdict) -> Verdict:
    """A verdict that holds for the file, overruled by what happened to the licence since."""
    if verdict.outcome not in (GENUINE, EXPIRED):
        return verdict
    licence = Licence.objects.filter(identifier=verdict.identifier).first()
    if licence is None:
        return Verdict(UNKNOWN, _("平台没有该证照的记录。"), verdict.identifier, verdict.facts)
    if licence.status != LicenceStatus.VALID:
        return Verdict(REVOKED, status_reason(licence), verdict.identifier, verdict.facts)
    return verdict


def status_reason(licence: Licence) -> str:
    when = timezone.localtime(licence.status_changed_at).strftime("%Y-%m-%d")
    if licence.status == LicenceStatus.SUPERSEDED:
        newer = getattr(licence, "superseded_by", None)
        return _("该证照已于%(date)s换发，现行版本为 %(identifier)s。") % {
            "date": when,
            "identifier": newer.identifier if newer else "",
        }
    text = _("该证照已于%(date)s%(status)s。原因：%(reason)s") % {
        "date": when,
        "status": licence.get_status_display(),
        "reason": licence.status_reason,
    }
    if licence.legal_basis:
        text += _("依据：%(basis)s") % {"basis": licence.legal_basis}
    return text


def verify_pdf(pdf: bytes) -> Verdict:
    return _with_status(check_pdf(pdf, published_keys(), timezone.localdate()))


def qr_token(identifier: str, kid: str, qr_signature: str) -> str:
    return QR_SEPARATOR.join((identifier, kid, qr_signature))


def _token_of(text: str) -> str:
    """The token from a scanned verification URL (…/verify/?q=TOKEN) or the bare token."""
    text = text.strip()
    if "?" in text:
        return parse_qs(urlsplit(text).query).get("q", [""])[0]
    return text


def verify_qr(text: str) -> Verdict:
    """A QR code carries the identifier and a short signature over it and the licence data:
    it proves the identifier was issued by the platform and which data it stands for."""
    parts = _token_of(text).split(QR_SEPARATOR)
    if len(parts) != 3 or parse_identifier(parts[0]) is None:
        return Verdict(UNKNOWN, _("二维码内容不是本平台的电子证照核验码。"))
    identifier, kid, qr_signature = parts
    licence = Licence.objects.select_related("signing_key").filter(identifier=identifier).first()
    key = published_keys().get(kid)
    if licence is None or key is None:
        return Verdict(UNKNOWN, _("平台没有该证照的记录。"), identifier)
    document = json.loads(licence.document)
    core_sha = signing.sha256_hex(signing.canonical_bytes(core_of(document)))
    if kid != licence.signing_key.kid or not signing.signature_holds(
        key.public_key, signing.qr_message(identifier, core_sha), qr_signature
    ):
        return Verdict(ALTERED, _("二维码签名无效：二维码被伪造或篡改。"), identifier)
    return _with_status(_judged(document, identifier, timezone.localdate()))

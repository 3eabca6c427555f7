"""The signature round trip, and what makes a licence fail its check: a changed byte,
revocation, expiry, an unknown key or file; key rotation keeps old licences good."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from tests.licences.conftest import case_for, pdf_of
from tongban.licences import pdfseal, services, verification
from tongban.licences.rules import parse_identifier

pytestmark = pytest.mark.django_db


def flipped(pdf: bytes, at: int) -> bytes:
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def test_an_issued_licence_verifies_and_its_pdf_carries_signature_and_hash(licence):
    pdf = pdf_of(licence)
    verdict = verification.verify_pdf(pdf)
    assert verdict.outcome == "genuine", verdict.reason
    assert verdict.label == "真实有效"
    assert verdict.identifier == licence.identifier
    assert verdict.facts["holder"] == "济南张记餐饮有限公司"
    assert parse_identifier(licence.identifier) is not None
    document = json.loads(licence.document)
    assert document["CZZTDMLXDM"] == "001"
    assert document["pdf_sha256"] == licence.pdf_sha256
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "食品经营许可证"
    assert licence.pdf_sha256 in reader.metadata["/Keywords"]
    assert reader.metadata["/TongbanSignature"] == licence.signature
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "热食类食品制售" in text
    assert licence.identifier in text.replace("\n", "")


def test_one_changed_byte_in_the_signed_pages_makes_it_altered(licence):
    pdf = pdf_of(licence)
    signed_length = pdfseal.unseal(pdf).signed_length
    verdict = verification.verify_pdf(flipped(pdf, signed_length // 2))
    assert verdict.outcome == "altered"
    assert verdict.label == "已被篡改"
    assert "修改" in verdict.reason


def test_a_changed_byte_in_the_embedded_data_makes_it_altered(licence):
    pdf = pdf_of(licence)
    start = pdf.rindex(b"/TongbanLicence (") + len(b"/TongbanLicence (") + 40
    forged = pdf[:start] + (b"A" if pdf[start : start + 1] != b"A" else b"B") + pdf[start + 1 :]
    assert verification.verify_pdf(forged).outcome == "altered"


def test_data_rewritten_and_resigned_with_a_foreign_key_is_not_recognised(licence):
    pdf = pdf_of(licence)
    embedded = pdfseal.unseal(pdf)
    document = json.loads(embedded.document)
    document["CZZT"] = "冒名公司"
    forged = pdfseal.seal(
        pdf[: embedded.signed_length],
        document=json.dumps(document, ensure_ascii=False).encode(),
        signature=embedded.signature,
        kid="tb-forger",
        data_sha256=document["pdf_sha256"],
    )
    assert verification.verify_pdf(forged).outcome == "unknown"


def test_revocation_changes_the_answer_at_once(licence, officials):
    services.revoke_licence(
        licence,
        officials["scjg"],
        reason="以欺骗手段取得许可",
        legal_basis="《行政许可法》第六十九条",
    )
    verdict = verification.verify_pdf(pdf_of(licence))
    assert verdict.outcome == "revoked"
    assert verdict.label == "已撤销"
    assert "以欺骗手段取得许可" in verdict.reason
    assert "第六十九条" in verdict.reason


def test_an_expired_licence_says_so(licence, monkeypatch):
    later = licence.valid_until + dt.timedelta(days=1)
    monkeypatch.setattr(verification.timezone, "localdate", lambda *args: later)
    verdict = verification.verify_pdf(pdf_of(licence))
    assert verdict.outcome == "expired"
    assert licence.valid_until.isoformat() in verdict.reason


def test_key_rotation_keeps_older_licences_verifiable(
    licence, food_entry, officials, citizen, company
):
    old_kid = licence.signing_key.kid
    new_key = services.rotate_key()
    newer = services.issue_licence(case_for(food_entry, citizen, company), officials["scjg"])
    assert newer.signing_key == new_key
    assert new_key.kid != old_kid
    assert verification.verify_pdf(pdf_of(licence)).outcome == "genuine"
    assert verification.verify_pdf(pdf_of(newer)).outcome == "genuine"
    keys = verification.published_keys()
    assert keys[old_kid].not_after is not None
    assert keys[new_key.kid].not_after is None


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n%not a licence\n", b"", b"hello"],
)
def test_a_file_that_is_no_licence_is_unknown(content):
    verdict = verification.verify_pdf(content)
    assert verdict.outcome == "unknown"
    assert verdict.label == "无法识别"

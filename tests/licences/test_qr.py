"""The QR code's content: the identifier and a short signature, verified by the platform."""

from __future__ import annotations

import pytest

from tongban.licences import services, verification
from tongban.licences.rules import Identifier

pytestmark = pytest.mark.django_db


def qr_url(licence) -> str:
    token = verification.qr_token(licence.identifier, licence.signing_key.kid, licence.qr_signature)
    return f"http://127.0.0.1:8000/verify/?q={token}"


def test_the_qr_content_of_a_licence_verifies(licence):
    verdict = verification.verify_qr(qr_url(licence))
    assert verdict.outcome == "genuine", verdict.reason
    assert verdict.facts["name"] == "食品经营许可证"


def test_the_verify_page_opened_from_a_scan_answers_without_sign_in(client, licence):
    page = client.get(qr_url(licence).removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200
    assert "真实有效" in page.content.decode()


def test_a_forged_qr_signature_is_altered(licence):
    forged = qr_url(licence)[:-4] + ("AAAA" if not qr_url(licence).endswith("AAAA") else "BBBB")
    assert verification.verify_qr(forged).outcome == "altered"


def test_a_qr_code_of_a_revoked_licence_says_revoked(licence, officials):
    services.annul_licence(licence, officials["scjg"], reason="企业申请注销")
    verdict = verification.verify_qr(qr_url(licence))
    assert verdict.outcome == "revoked"
    assert "已注销" in verdict.reason


@pytest.mark.parametrize(
    "content",
    [
        "hello",
        "http://example.com/verify/?q=",
        f"{Identifier('11100000000013338W011', '11430000006122244L', '20230000403')}~k~sig",
    ],
)
def test_unknown_qr_content_is_unknown(content):
    assert verification.verify_qr(content).outcome == "unknown"

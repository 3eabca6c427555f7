"""A licence issued at the end of a real approval lands in the wallet; only its holder (or
whoever acts for the holding organisation) sees it; the issuer revokes or re-issues it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.test_auth import token_for
from tests.cases.test_applications_api import draft, upload
from tests.factories import make_person, totp_code
from tests.licences.conftest import pdf_of
from tongban.core.models import AuditEntry
from tongban.licences import verification
from tongban.licences.models import Licence

pytestmark = pytest.mark.django_db
ANSWERS = {"venue": "rented", "scope": ["prepackaged"]}


def client_for(username: str) -> Client:
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(client, username)}"
    return client


def official_client(official) -> Client:
    client = Client()
    token = token_for(client, official.user.username, otp=totp_code(official.user))
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def act(official, number: str, action: str, **body) -> dict:
    client = official_client(official)
    task = next(t for t in client.get("/api/v1/tasks").json()["items"] if t["number"] == number)
    response = client.post(
        f"/api/v1/tasks/{task['id']}/actions",
        {"action": action, **body},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    return response.json()


def test_a_licence_is_issued_at_the_end_of_a_real_approval(
    food_entry, officials, licence_types, citizen, company
):
    client = client_for(citizen.mobile)
    number = draft(client, food_entry, answers=ANSWERS, on_behalf_of=company.uscc)["number"]
    for code in ("application", "licence", "lease"):
        assert upload(client, number, code).status_code == 201
    assert client.post(f"/api/v1/applications/{number}/submit").status_code == 200
    act(officials["clerk"], number, "accept")
    for name in ("scjg", "wjw", "xf"):
        act(officials[name], number, "approve", opinion="符合要求")
    act(officials["scjg"], number, "approve", opinion="准予许可")
    assert not Licence.objects.exists()
    final = act(officials["scjg"], number, "issue")
    assert final["status"]["code"] == "completed"

    assert client.get("/api/v1/licences").json()["items"] == []  # the company holds it
    wallet = client.get("/api/v1/licences", headers={"X-Acting-For": company.uscc}).json()
    [item] = wallet["items"]
    assert item["name"] == "食品经营许可证"
    assert item["holder"] == company.name
    assert item["holder_code_type"]["code"] == "001"
    assert item["issuer"]["label"] == food_entry.department.name
    assert {"key": "scope", "label": "经营项目", "value": "预包装食品销售"} in item["data"]
    pdf = client.get(item["pdf_url"], headers={"X-Acting-For": company.uscc})
    assert pdf.status_code == 200
    body = b"".join(pdf.streaming_content)
    assert verification.verify_pdf(body).outcome == "genuine"
    assert AuditEntry.objects.filter(action="licences.issued").count() == 1

    anonymous = client_for(make_person(real_name="王芳").mobile).post(
        "/api/v1/licences/verify", {"pdf": _upload(body)}
    )
    assert anonymous.json()["label"] == "真实有效"


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("licence.pdf", content, content_type="application/pdf")


def test_another_person_can_neither_see_nor_download_a_licence(licence, citizen, company):
    stranger = client_for(make_person(real_name="李强").mobile)
    url = f"/api/v1/licences/{licence.identifier}"
    assert stranger.get(url).status_code == 404
    assert stranger.get(f"{url}/pdf").status_code == 404
    assert stranger.get("/api/v1/licences").json()["items"] == []
    refused = stranger.get("/api/v1/licences", headers={"X-Acting-For": company.uscc})
    assert refused.status_code == 403
    owner = client_for(citizen.mobile)
    assert owner.get(url).status_code == 404  # the company's, not the representative's own
    assert owner.get(url, headers={"X-Acting-For": company.uscc}).status_code == 200


def test_verification_over_the_api_needs_no_sign_in(client, licence):
    answer = client.post("/api/v1/licences/verify", {"pdf": _upload(pdf_of(licence))})
    assert answer.status_code == 200
    assert answer.json()["outcome"] == "genuine"
    token = verification.qr_token(licence.identifier, licence.signing_key.kid, licence.qr_signature)
    qr = client.post("/api/v1/licences/verify", {"qr": token}, content_type="application/json")
    assert qr.json()["outcome"] == "genuine"
    empty = client.post("/api/v1/licences/verify", {}, content_type="application/json")
    assert empty.status_code == 400


def test_the_issuer_reissues_on_a_change_and_the_old_version_is_superseded(
    client, licence, officials
):
    issuer = official_client(officials["scjg"])
    response = issuer.post(
        f"/api/v1/licences/{licence.identifier}/actions",
        {"action": "reissue", "reason": "经营场所变更", "changes": {"address": "历下区泉城路2号"}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    new = response.json()
    assert new["identifier"].split(".")[-2] == "002"
    assert new["identifier"].split(".")[-3] == licence.serial
    assert {"key": "address", "label": "住所（经营场所）", "value": "历下区泉城路2号"} in new[
        "data"
    ]
    old = client.post("/api/v1/licences/verify", {"pdf": _upload(pdf_of(licence))}).json()
    assert old["outcome"] == "revoked"
    assert new["identifier"] in old["reason"]
    renewed = Licence.objects.get(identifier=new["identifier"])
    assert verification.verify_pdf(pdf_of(renewed)).outcome == "genuine"
    assert AuditEntry.objects.filter(action="licences.reissued").exists()


def test_only_the_issuer_revokes_and_it_needs_a_legal_basis(licence, officials):
    other = official_client(officials["wjw"])
    url = f"/api/v1/licences/{licence.identifier}/actions"
    body = {"action": "revoke", "reason": "提供虚假材料"}
    assert other.post(url, body, content_type="application/json").status_code == 404
    issuer = official_client(officials["scjg"])
    assert issuer.post(url, body, content_type="application/json").status_code == 400
    body["legal_basis"] = "《中华人民共和国行政许可法》第六十九条"
    revoked = issuer.post(url, body, content_type="application/json")
    assert revoked.json()["status"]["code"] == "revoked"
    again = issuer.post(url, body, content_type="application/json")
    assert again.status_code == 409
    assert AuditEntry.objects.filter(action="licences.revoked").count() == 1

"""The offline command against a published key set, and the pages."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import make_person
from tests.licences.conftest import pdf_of
from tongban.licences import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(tmp_path, client, licence):
    keys = tmp_path / "keys.json"
    keys.write_bytes(client.get("/verify/keys").content)
    pdf = tmp_path / "licence.pdf"
    pdf.write_bytes(pdf_of(licence))
    return keys, pdf


def test_the_published_keys_list_every_key_with_its_period(client, licence):
    services.rotate_key()
    keys = json.loads(client.get("/verify/keys").content)["keys"]
    assert len(keys) == 2
    assert keys[0]["kid"] == licence.signing_key.kid
    assert keys[0]["not_after"] is not None
    assert keys[1]["not_after"] is None
    assert {k["crv"] for k in keys} == {"Ed25519"}


def test_the_command_verifies_offline_from_the_key_file(files, capsys, django_assert_num_queries):
    keys, pdf = files
    with django_assert_num_queries(0):
        call_command("licences", "verify", str(pdf), "--keys", str(keys))
    assert "真实有效" in capsys.readouterr().out


def test_the_command_catches_a_changed_byte(files):
    keys, pdf = files
    content = bytearray(pdf.read_bytes())
    content[len(content) // 3] ^= 0x01
    pdf.write_bytes(bytes(content))
    with pytest.raises(CommandError, match="已被篡改"):
        call_command("licences", "verify", str(pdf), "--keys", str(keys))


def test_the_command_does_not_know_a_key_missing_from_the_file(files):
    keys, pdf = files
    keys.write_text(json.dumps({"keys": []}))
    with pytest.raises(CommandError, match="无法识别"):
        call_command("licences", "verify", str(pdf), "--keys", str(keys))


def test_rotate_key_starts_a_new_key(licence, capsys):
    call_command("licences", "rotate-key")
    assert "tb" in capsys.readouterr().out
    licence.signing_key.refresh_from_db()
    assert licence.signing_key.retired_at is not None


def test_anyone_uploads_a_pdf_on_the_verify_page(client, licence):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.get("/verify/")
    assert page.status_code == 200
    upload = SimpleUploadedFile("x.pdf", pdf_of(licence), content_type="application/pdf")
    answer = client.post("/verify/", {"pdf": upload}).content.decode()
    assert "真实有效" in answer
    assert licence.holder_name in answer
    assert "无法识别" in client.post("/verify/", {"qr": "nonsense"}).content.decode()


def test_the_wallet_page_lists_the_organisations_licences_with_download_links(
    licence, citizen, company
):
    browser = Client()
    browser.force_login(citizen.user)
    own = browser.get("/my/licences/").content.decode()
    assert licence.identifier not in own
    page = browser.get(f"/my/licences/?for={company.uscc}").content.decode()
    assert licence.identifier in page
    download = browser.get(f"/my/licences/{licence.identifier}/pdf/?for={company.uscc}")
    assert download.status_code == 200
    stranger = Client()
    stranger.force_login(make_person(real_name="赵敏").user)
    assert stranger.get(f"/my/licences/{licence.identifier}/pdf/").status_code == 404
    assert stranger.get(f"/my/licences/?for={company.uscc}").status_code == 404

"""What the provider refuses: unregistered redirect URIs, reused or expired codes, missing or
wrong PKCE verifiers, tampered ID tokens, revoked tokens; and what survives a key rotation."""

from __future__ import annotations

import base64
import json
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.jose.errors import BadSignatureError
from django.core.management import call_command
from django.test import Client
from oauth2_provider.models import Grant

from tests.factories import make_official, make_person
from tests.identity.conftest import add_client, hidden_fields, pkce_pair
from tongban.core.models import AuditEntry
from tongban.identity.models import SigningKey

pytestmark = pytest.mark.django_db

CALLBACK = "https://housing.example.gov.cn/callback"


@pytest.fixture
def person_client(client: Client) -> Client:
    client.force_login(make_person(real_name="李华").user)
    return client


@pytest.fixture
def client_id() -> str:
    return add_client("公积金业务系统", CALLBACK)[0]


def authorize_url(client_id: str, redirect_uri: str = CALLBACK, **extra: str) -> str:
    params = {
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": "openid profile realname",
        "state": "state-123",
        **extra,
    }
    return f"/o/authorize/?{urlencode(params)}"


def get_code(browser: Client, client_id: str, challenge: str, *, allow: bool = True) -> str:
    """Consent through the page; returns the code from the callback."""
    page = browser.get(
        authorize_url(
            client_id, code_challenge=challenge, code_challenge_method="S256", nonce="n-1"
        )
    )
    assert page.status_code == 200
    fields = hidden_fields(page.content.decode())
    if allow:
        fields["allow"] = "on"
    answer = browser.post(page.request["PATH_INFO"], fields)
    query = parse_qs(urlsplit(answer["Location"]).query)
    assert query["state"] == ["state-123"]
    return query.get("code", query.get("error"))[0]


def exchange(client_id: str, code: str, verifier: str | None) -> tuple[int, dict]:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "client_id": client_id,
    }
    if verifier is not None:
        data["code_verifier"] = verifier
    response = Client().post("/o/token/", data)
    return response.status_code, response.json()


def signed_in_tokens(browser: Client, client_id: str) -> dict:
    verifier, challenge = pkce_pair()
    status, token = exchange(client_id, get_code(browser, client_id, challenge), verifier)
    assert status == 200, token
    return token


def jwks() -> object:
    return JsonWebKey.import_key_set(Client().get("/o/.well-known/jwks.json").json())


def header_kid(id_token: str) -> str:
    header = id_token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]


def test_an_unregistered_redirect_uri_is_refused_on_a_chinese_page_without_redirect(
    person_client: Client, client_id: str
) -> None:
    _, challenge = pkce_pair()
    response = person_client.get(
        authorize_url(
            client_id,
            "https://evil.example/steal",
            code_challenge=challenge,
            code_challenge_method="S256",
        )
    )
    assert response.status_code == 400
    assert "Location" not in response
    assert "回调地址未在通办登记" in response.content.decode()


def test_an_unknown_client_is_refused_without_redirect(person_client: Client) -> None:
    response = person_client.get(authorize_url("no-such-client"))
    assert response.status_code in {400, 401}
    assert "Location" not in response
    assert "未在通办登记" in response.content.decode()


def test_a_public_client_without_pkce_is_sent_back_with_an_error(
    person_client: Client, client_id: str
) -> None:
    response = person_client.get(authorize_url(client_id))
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith(CALLBACK)
    assert query["error"] == ["invalid_request"]


def test_the_plain_pkce_method_is_refused(person_client: Client, client_id: str) -> None:
    """oauthlib accepts "plain" when it reads the request; DOT refuses it when the code would
    be made, so the person's consent ends in an error and no code exists."""
    url = authorize_url(client_id, code_challenge="x" * 43, code_challenge_method="plain")
    page = person_client.get(url)
    answer = person_client.post(
        "/o/authorize/", {**hidden_fields(page.content.decode()), "allow": "on"}
    )
    assert parse_qs(urlsplit(answer["Location"]).query)["error"] == ["invalid_request"]
    assert not Grant.objects.exists()


def test_a_code_works_once(person_client: Client, client_id: str) -> None:
    verifier, challenge = pkce_pair()
    code = get_code(person_client, client_id, challenge)
    assert exchange(client_id, code, verifier)[0] == 200
    status, body = exchange(client_id, code, verifier)
    assert status == 400
    assert body["error"] == "invalid_grant"


def test_an_expired_code_is_refused(person_client: Client, client_id: str) -> None:
    verifier, challenge = pkce_pair()
    code = get_code(person_client, client_id, challenge)
    grant = Grant.objects.get(code=code)
    assert (grant.expires - grant.created).total_seconds() <= 60
    Grant.objects.filter(code=code).update(expires=grant.created)
    assert exchange(client_id, code, verifier) == (400, {"error": "invalid_grant"})


def test_a_wrong_verifier_is_refused(person_client: Client, client_id: str) -> None:
    _, challenge = pkce_pair()
    code = get_code(person_client, client_id, challenge)
    status, body = exchange(client_id, code, secrets.token_urlsafe(48))
    assert status == 400
    assert body["error"] == "invalid_grant"


def test_a_missing_verifier_is_refused(person_client: Client, client_id: str) -> None:
    """oauthlib answers a missing verifier with invalid_request (RFC 7636 §4.4.1: the request
    lacks a required parameter) and a wrong one with invalid_grant; either way, no token."""
    _, challenge = pkce_pair()
    code = get_code(person_client, client_id, challenge)
    status, body = exchange(client_id, code, None)
    assert status == 400
    assert body["error"] == "invalid_request"
    assert "access_token" not in body


def test_denying_consent_sends_access_denied_and_is_audited(
    person_client: Client, client_id: str
) -> None:
    _, challenge = pkce_pair()
    assert get_code(person_client, client_id, challenge, allow=False) == "access_denied"
    assert AuditEntry.objects.filter(action="identity.consent_denied").exists()


def test_a_tampered_id_token_fails_verification(person_client: Client, client_id: str) -> None:
    id_token = signed_in_tokens(person_client, client_id)["id_token"]
    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["name"] = "张冒充"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    JsonWebToken(["RS256"]).decode(id_token, jwks())  # the genuine one verifies
    with pytest.raises(BadSignatureError):
        JsonWebToken(["RS256"]).decode(f"{header}.{forged}.{signature}", jwks())


def test_rotation_keeps_the_old_key_published_and_its_tokens_verifiable(
    person_client: Client, client_id: str
) -> None:
    before = signed_in_tokens(person_client, client_id)["id_token"]
    old_kid = header_kid(before)

    call_command("oidc", "rotate-key", stdout=open("/dev/null", "w"))  # noqa: SIM115

    after = signed_in_tokens(person_client, client_id)["id_token"]
    new_kid = header_kid(after)
    assert new_kid != old_kid
    published = {key["kid"] for key in Client().get("/o/.well-known/jwks.json").json()["keys"]}
    assert published == {old_kid, new_kid}
    JsonWebToken(["RS256"]).decode(before, jwks()).validate()
    JsonWebToken(["RS256"]).decode(after, jwks()).validate()
    assert AuditEntry.objects.filter(action="identity.signing_key_rotated").exists()
    stored = SigningKey.objects.get(kid=old_kid)
    assert stored.retired_at is not None
    assert "PRIVATE KEY" not in str(
        SigningKey.objects.filter(pk=stored.pk).values_list("private_pem", flat=True).query
    )


def test_a_key_retired_longer_ago_than_id_tokens_live_is_no_longer_published(
    person_client: Client, client_id: str, settings
) -> None:
    old_kid = header_kid(signed_in_tokens(person_client, client_id)["id_token"])
    call_command("oidc", "rotate-key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    SigningKey.objects.filter(kid=old_kid).update(retired_at="2000-01-01T00:00:00Z")
    published = {key["kid"] for key in Client().get("/o/.well-known/jwks.json").json()["keys"]}
    assert old_kid not in published
    assert len(published) == 1


def test_a_revoked_access_token_is_refused_at_userinfo(
    person_client: Client, client_id: str
) -> None:
    access_token = signed_in_tokens(person_client, client_id)["access_token"]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {access_token}"}
    assert Client().get("/o/userinfo/", **bearer).json()["name"] == "李华"

    revoked = Client().post("/o/revoke_token/", {"token": access_token, "client_id": client_id})
    assert revoked.status_code == 200
    assert Client().get("/o/userinfo/", **bearer).status_code == 401
    assert AuditEntry.objects.filter(action="identity.token_revoked").exists()


def test_an_official_gets_a_subject_and_a_name_only(client: Client, client_id: str) -> None:
    official = make_official()
    client.force_login(official.user)
    access_token = signed_in_tokens(client, client_id)["access_token"]
    claims = Client().get("/o/userinfo/", HTTP_AUTHORIZATION=f"Bearer {access_token}").json()
    assert set(claims) == {"sub", "name"}
    assert claims["name"] == "李四"

"""A department system signs a person in through Tongban, as a real one would: Authlib (an
independent OIDC client library) against a live Tongban server over HTTP."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, JsonWebToken
from django.contrib.sessions.backends.db import SessionStore

from tests.factories import PASSWORD, make_person, mobile, uscc
from tests.identity.conftest import add_client, hidden_fields
from tongban.accounts.models import Organisation, Person, RealNameLevel
from tongban.core.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

SCOPE = "openid profile realname"


def sign_in(browser: requests.Session, base_url: str, phone: str) -> None:
    """The person signs in to the portal through its login form."""
    page = browser.get(f"{base_url}/login/")
    fields = hidden_fields(page.text)
    response = browser.post(
        f"{base_url}/login/",
        data={
            "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
            "username": phone,
            "password": PASSWORD,
        },
        headers={"Referer": f"{base_url}/login/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text


def consent(
    browser: requests.Session, authorization_url: str, *, allow: bool = True
) -> tuple[str, str]:
    """Open the authorization URL in the signed-in browser and answer the consent page;
    returns where Tongban sends the browser back to (the client's callback) and the page."""
    page = browser.get(authorization_url)
    assert page.status_code == 200, page.text
    fields = hidden_fields(page.text)
    if allow:
        fields["allow"] = "on"
    answer = browser.post(
        page.url, data=fields, headers={"Referer": page.url}, allow_redirects=False
    )
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"], page.text


def sign_in_to(
    client_id: str, callback: str, browser: requests.Session, config: dict
) -> tuple[OAuth2Session, dict, str, str]:
    """One whole authorization code flow with PKCE, state and nonce, done by Authlib."""
    session = OAuth2Session(
        client_id,
        redirect_uri=callback,
        scope=SCOPE,
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )
    verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(16)
    url, state = session.create_authorization_url(
        config["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    returned_to, consent_page = consent(browser, url)
    assert returned_to.startswith(callback)
    assert parse_qs(urlsplit(returned_to).query)["state"] == [state]
    token = session.fetch_token(
        config["token_endpoint"], authorization_response=returned_to, code_verifier=verifier
    )
    return session, token, nonce, consent_page


def verified_claims(id_token: str, config: dict, client_id: str, nonce: str) -> dict:
    """Check the ID token's signature against the JWKS the server publishes, and its claims."""
    jwks = JsonWebKey.import_key_set(requests.get(config["jwks_uri"], timeout=10).json())
    claims = JsonWebToken(["RS256"]).decode(
        id_token,
        jwks,
        claims_options={
            "iss": {"essential": True, "value": config["issuer"]},
            "aud": {"essential": True, "value": client_id},
            "nonce": {"essential": True, "value": nonce},
        },
    )
    claims.validate()
    return dict(claims)


@pytest.fixture
def browser() -> Iterator[requests.Session]:
    """The person's browser. Closed at the end so the live server's request threads (kept alive
    by HTTP keep-alive) let go of their database connections before the test database goes."""
    with requests.Session() as session:
        yield session


def test_a_department_system_signs_a_person_in_through_tongban(
    live_server, browser: requests.Session
) -> None:
    base = live_server.url
    phone = mobile()
    person = make_person(real_name="王小明", mobile_number=phone)
    Person.objects.filter(pk=person.pk).update(real_name_level=RealNameLevel.VERIFIED)
    company = Organisation.objects.create(
        uscc=uscc(), name="济南明湖商贸有限公司", legal_representative=person
    )

    config = requests.get(f"{base}/o/.well-known/openid-configuration", timeout=10).json()
    assert config["issuer"] == f"{base}/o"
    assert config["response_types_supported"] == ["code"]
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert config["subject_types_supported"] == ["pairwise"]
    assert "RS256" in config["id_token_signing_alg_values_supported"]
    assert {"acr", "name", "org"} <= set(config["claims_supported"])

    callback_a, callback_b = f"{base}/cb/social-security", f"{base}/cb/housing"
    client_a, secret_a = add_client(
        "社保业务系统", callback_a, "--post-logout-redirect-uri", base + "/"
    )
    client_b, _ = add_client("公积金业务系统", callback_b)
    assert secret_a == ""  # public clients get no secret

    # Unauthenticated, the authorization request goes to the portal's login first.
    sign_in(browser, base, phone)

    session_a, token_a, nonce_a, page = sign_in_to(client_a, callback_a, browser, config)
    assert "社保业务系统" in page
    assert "姓名" in page
    assert "实名等级" in page
    claims_a = verified_claims(token_a["id_token"], config, client_a, nonce_a)
    assert claims_a["name"] == "王小明"
    assert claims_a["acr"] == "urn:tongban:acr:realname:2"
    assert claims_a["real_name_level"] == 2
    assert "org" not in claims_a
    assert claims_a["sub"] != str(person.user_id)  # pairwise, not the database id

    userinfo = session_a.get(config["userinfo_endpoint"]).json()
    assert userinfo["sub"] == claims_a["sub"]
    assert userinfo["name"] == "王小明"

    # Acting for the company (the portal's "acting for" switch stores its credit code).
    store = SessionStore(session_key=browser.cookies["sessionid"])
    store["acting_for"] = company.uscc
    store.save()
    session_b, token_b, nonce_b, page = sign_in_to(client_b, callback_b, browser, config)
    assert "代办企业" in page
    assert company.name in page
    claims_b = verified_claims(token_b["id_token"], config, client_b, nonce_b)
    assert claims_b["sub"] != claims_a["sub"]  # pairwise: the two systems cannot join by sub
    assert claims_b["org"] == {"uscc": company.uscc, "name": company.name}
    assert session_b.get(config["userinfo_endpoint"]).json()["org"]["uscc"] == company.uscc

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "identity.client_registered",
        "identity.consent_granted",
        "identity.token_issued",
    } <= actions

    # RP-initiated logout: the system asks, the person confirms, the portal session ends.
    logout_state = secrets.token_urlsafe(8)
    page = browser.get(
        config["end_session_endpoint"],
        params={
            "id_token_hint": token_a["id_token"],
            "post_logout_redirect_uri": base + "/",
            "state": logout_state,
        },
    )
    assert page.status_code == 200
    assert "社保业务系统" in page.text
    fields = {**hidden_fields(page.text), "allow": "on"}
    answer = browser.post(
        page.url, data=fields, headers={"Referer": page.url}, allow_redirects=False
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"{base}/?state={logout_state}"
    assert browser.get(f"{base}/me/", allow_redirects=False).status_code == 302
    # DOT deletes the logged-out user's tokens for that system: userinfo refuses them now.
    assert session_a.get(config["userinfo_endpoint"]).status_code == 401
    session_a.close()
    session_b.close()

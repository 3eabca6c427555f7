"""The API shell through the real HTTP stack: registration, tokens, lockout, /me, errors."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import (
    PASSWORD,
    make_official,
    make_person,
    mobile,
    resident_id,
    totp_code,
)
from tongban.accounts.models import ApiToken, Person, User
from tongban.core.models import AuditEntry

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def api() -> Client:
    return Client()


def post(client: Client, path: str, body: dict) -> tuple[int, dict]:
    response = client.post(f"/api/v1{path}", body, content_type="application/json")
    return response.status_code, response.json()


def token_for(
    client: Client, username: str, password: str = PASSWORD, otp: str | None = None
) -> str:
    credentials = {"username": username, "password": password}
    if otp is not None:
        credentials["otp"] = otp
    status, body = post(client, "/auth/token", credentials)
    assert status == 200, body
    return body["access_token"]


def test_registration_with_a_bad_check_digit_is_refused_in_chinese_and_creates_nothing(api):
    good = resident_id()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    status, body = post(
        api,
        "/auth/register",
        {"real_name": "王小明", "id_number": bad, "mobile": mobile(), "password": PASSWORD},
    )
    assert status == 400
    assert body["error"]["code"] == "invalid_id_number"
    assert "校验位" in body["error"]["message"]
    assert "id_number" in body["error"]["fields"]
    assert User.objects.count() == 0
    assert Person.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_registration_returns_masked_numbers_and_derives_birth_date(api):
    number = resident_id(region="370103", birth=dt.date(1988, 2, 29))
    phone = mobile()
    status, body = post(
        api,
        "/auth/register",
        {"real_name": "王小明", "id_number": number, "mobile": phone, "password": PASSWORD},
    )
    assert status == 201, body
    assert body["id_number"] == number[:3] + "*" * 11 + number[-4:]
    assert body["mobile"] == phone[:3] + "****" + phone[-4:]
    assert body["birth_date"] == "1988-02-29"
    assert body["birth_region_code"] == "370103"
    assert body["real_name_level"] == 1
    assert AuditEntry.objects.filter(action="person.registered").count() == 1


def test_registering_the_same_id_number_twice_is_a_conflict(api):
    number = resident_id()
    first = {"real_name": "王小明", "id_number": number, "mobile": mobile(), "password": PASSWORD}
    assert post(api, "/auth/register", first)[0] == 201
    status, body = post(api, "/auth/register", {**first, "mobile": mobile()})
    assert status == 409
    assert body["error"]["code"] == "id_number_taken"
    assert Person.objects.count() == 1


def test_a_weak_password_is_refused_with_the_reason(api):
    status, body = post(
        api,
        "/auth/register",
        {
            "real_name": "王小明",
            "id_number": resident_id(),
            "mobile": mobile(),
            "password": "12345678",
        },
    )
    assert status == 400
    assert body["error"]["code"] == "weak_password"
    assert CJK.search(body["error"]["fields"]["password"])
    assert User.objects.count() == 0


def test_a_malformed_request_lists_every_missing_field_in_chinese(api):
    status, body = post(api, "/auth/register", {"real_name": "王小明"})
    assert status == 422
    assert body["error"]["code"] == "invalid_request"
    assert set(body["error"]["fields"]) == {"id_number", "mobile", "password"}
    assert all(CJK.search(text) for text in body["error"]["fields"].values())


def test_a_body_that_is_not_json_is_a_clear_error(api):
    response = api.post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert CJK.search(response.json()["error"]["message"])


@pytest.mark.parametrize("identifier", ["id_number", "mobile"])
def test_token_login_by_id_number_or_mobile_opens_me_with_masked_numbers(api, identifier):
    person = make_person(real_name="赵六")
    token = token_for(api, getattr(person, identifier))
    response = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    me = response.json()
    assert me["full_name"] == "赵六"
    assert me["person"]["id_number"] == person.masked_id_number
    assert person.id_number not in response.content.decode()
    assert me["official"] is None


def test_token_response_has_the_pinned_shape_and_only_a_hash_is_stored(api):
    person = make_person()
    status, body = post(api, "/auth/token", {"username": person.mobile, "password": PASSWORD})
    assert status == 200
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == settings.TONGBAN_API_TOKEN_TTL
    stored = ApiToken.objects.get(user=person.user)
    assert stored.key_hash != body["access_token"]
    assert body["access_token"] not in stored.key_hash


def test_wrong_password_gets_one_generic_message(api):
    person = make_person()
    status, body = post(api, "/auth/token", {"username": person.mobile, "password": "wrong-pass"})
    assert status == 401
    assert body["error"]["code"] == "invalid_credentials"
    status, body = post(api, "/auth/token", {"username": "13999999999", "password": "wrong-pass"})
    assert status == 401
    assert body["error"]["code"] == "invalid_credentials"


def test_repeated_failures_lock_the_account_even_for_the_right_password(api):
    person = make_person()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post(api, "/auth/token", {"username": person.mobile, "password": "wrong-pass"})
    status, body = post(api, "/auth/token", {"username": person.mobile, "password": PASSWORD})
    assert status == 429
    assert body["error"]["code"] == "locked_out"
    assert "锁定" in body["error"]["message"]
    assert not ApiToken.objects.filter(user=person.user).exists()
    assert AuditEntry.objects.filter(action="auth.locked_out").exists()


def test_me_without_a_token_is_401_in_the_error_format(api):
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    response = api.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401


def test_an_expired_or_revoked_token_no_longer_works(api):
    person = make_person()
    token = token_for(api, person.mobile)
    headers = {"Authorization": f"Bearer {token}"}
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api.get("/api/v1/me", headers=headers).status_code == 401
    ApiToken.objects.update(
        expires_at=timezone.now() + dt.timedelta(hours=1), revoked_at=timezone.now()
    )
    assert api.get("/api/v1/me", headers=headers).status_code == 401


def test_an_official_sees_department_region_and_roles(api):
    official = make_official(username="jn_clerk_api", roles=("window_clerk", "supervisor"))
    token = token_for(api, "jn_clerk_api", otp=totp_code(official.user))
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["person"] is None
    assert me["official"]["department_uscc"] == official.department.uscc
    assert me["official"]["region_code"] == official.region.code
    assert me["official"]["roles"] == ["supervisor", "window_clerk"]


def test_an_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/v1/no-such-thing")
    assert response.status_code == 404


def test_openapi_document_lists_the_pinned_paths(api):
    document = api.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/auth/token", "/api/v1/me", "/api/v1/auth/register"} <= set(document["paths"])
    assert api.get("/api/v1/docs").status_code == 200

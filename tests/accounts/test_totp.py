"""Officials' second factor: enrolment, the code after the password, recovery codes, lockout,
the API token, and idle sessions expiring."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, make_official, make_person, totp_code
from tongban.accounts.models import RecoveryCode, TotpDevice, User
from tongban.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def password_step(client: Client, username: str, password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def enrol(client: Client, official) -> tuple[str, list[str]]:
    """First sign-in: password, the enrolment page, a first code; returns secret and codes."""
    assert password_step(client, official.user.username)["Location"] == "/login/totp-enrol/"
    page = client.get("/login/totp-enrol/").content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', page).group(1)
    response = client.post("/login/totp-enrol/", {"code": pyotp.TOTP(secret).now()}, follow=True)
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", response.content.decode())
    return secret, codes


def test_a_new_official_must_enrol_before_being_signed_in(client):
    official = make_official(enrolled=False)
    assert password_step(client, official.user.username)["Location"] == "/login/totp-enrol/"
    assert "_auth_user_id" not in client.session
    page = client.get("/login/totp-enrol/").content.decode()
    assert "<svg" in page
    assert "启用动态口令" in page
    assert client.get("/workbench/")["Location"].startswith("/login/")


def test_enrolment_stores_the_secret_encrypted_and_shows_ten_recovery_codes_once(client):
    official = make_official(enrolled=False)
    secret, codes = enrol(client, official)
    assert client.session["_auth_user_id"] == str(official.user.pk)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice")
        stored = cursor.fetchone()[0]
    assert secret not in stored
    assert stored.startswith("v1$")
    hashes = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(hashes) == 10
    assert not {c.replace("-", "") for c in codes} & hashes
    assert client.get("/me/security/recovery-codes/")["Location"] == "/me/security/"
    assert AuditEntry.objects.filter(action="auth.totp_enrolled").count() == 1


def test_a_wrong_first_code_does_not_enrol(client):
    official = make_official(enrolled=False)
    password_step(client, official.user.username)
    response = client.post("/login/totp-enrol/", {"code": "000000"})
    assert "动态口令不正确" in response.content.decode()
    assert TotpDevice.objects.get(user=official.user).confirmed_at is None
    assert "_auth_user_id" not in client.session


def test_the_password_alone_does_not_sign_an_official_in(client):
    official = make_official()
    assert password_step(client, official.user.username)["Location"] == "/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/workbench/").status_code == 302
    response = client.post("/login/code/", {"code": totp_code(official.user)})
    assert response["Location"] == "/workbench/"
    assert client.get("/workbench/").status_code == 200


def test_citizens_sign_in_with_the_password_alone(client):
    person = make_person()
    assert password_step(client, person.mobile)["Location"] == "/me/"
    assert "_auth_user_id" in client.session


def test_a_code_works_only_once(client):
    official = make_official()
    code = totp_code(official.user)
    password_step(client, official.user.username)
    client.post("/login/code/", {"code": code})
    other = Client()
    password_step(other, official.user.username)
    response = other.post("/login/code/", {"code": code})
    assert response.status_code == 200
    assert "动态口令或恢复码不正确" in response.content.decode()
    assert "_auth_user_id" not in other.session


def test_a_recovery_code_signs_in_once(client):
    official = make_official(enrolled=False)
    _, codes = enrol(client, official)
    client.post("/logout/")
    password_step(client, official.user.username)
    assert client.post("/login/code/", {"code": codes[0].upper()})["Location"] == "/workbench/"
    client.post("/logout/")
    password_step(client, official.user.username)
    assert client.post("/login/code/", {"code": codes[0]}).status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.recovery_code_used").count() == 1


def test_five_wrong_codes_lock_the_account_out(client):
    official = make_official()
    password_step(client, official.user.username)
    for _ in range(4):
        assert client.post("/login/code/", {"code": "123456"}).status_code == 200
    assert client.post("/login/code/", {"code": "123456"}).status_code == 429
    # Even the right password and code are refused now.
    fresh = Client()
    assert password_step(fresh, official.user.username).status_code == 429
    assert AuditEntry.objects.filter(action="auth.locked_out").exists()


def test_a_stale_password_step_must_be_repeated(client):
    official = make_official()
    password_step(client, official.user.username)
    session = client.session
    session["tongban_2fa_pending"]["at"] -= 3600
    session.save()
    response = client.post("/login/code/", {"code": totp_code(official.user)})
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_the_admin_login_goes_through_the_portal(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/admin/")


# The API token


def token(client: Client, **body: str):
    return client.post("/api/v1/auth/token", body, content_type="application/json")


def test_an_official_needs_the_otp_for_an_api_token(client):
    official = make_official()
    username = official.user.username
    missing = token(client, username=username, password=PASSWORD)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "otp_required"
    wrong = token(client, username=username, password=PASSWORD, otp="000000")
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "invalid_otp"
    good = token(client, username=username, password=PASSWORD, otp=totp_code(official.user))
    assert good.status_code == 200
    assert good.json()["token_type"] == "Bearer"


def test_wrong_otps_on_the_api_lock_out_too(client):
    official = make_official()
    username = official.user.username
    statuses = [
        token(client, username=username, password=PASSWORD, otp="000000").status_code
        for _ in range(5)
    ]
    assert statuses[:4] == [401] * 4
    assert statuses[4] == 429
    right = token(client, username=username, password=PASSWORD, otp=totp_code(official.user))
    assert right.status_code == 429


def test_an_official_who_never_enrolled_gets_no_api_token(client):
    official = make_official(enrolled=False)
    response = token(client, username=official.user.username, password=PASSWORD, otp="123456")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "otp_not_enrolled"


# Idle sessions


def test_an_idle_officials_session_expires_and_activity_renews_it(client, settings):
    official = make_official()
    password_step(client, official.user.username)
    client.post("/login/code/", {"code": totp_code(official.user)})
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date <= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + dt.timedelta(1))
    assert client.get("/workbench/").status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date
    # Every request pushes the expiry to "idle limit from now", not further.
    assert renewed <= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/workbench/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/workbench/"


@pytest.mark.django_db
def test_an_administrator_resets_an_officials_second_factor_and_it_is_audited():
    official = make_official()
    root = User.objects.create_superuser(username="root", full_name="管理员", password="x-Pass-123")
    client = Client()
    client.force_login(root)
    device = TotpDevice.objects.get(user=official.user)
    response = client.post(f"/admin/accounts/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TotpDevice.objects.filter(user=official.user).exists()
    assert AuditEntry.objects.filter(action="official.totp_reset").exists()

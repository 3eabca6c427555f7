"""Real-name verification against the sandbox verification service, run as a real separate
process on a free port and reached over HTTP: a match, a mismatch, a forged or altered
answer, and the service being down."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client

from tests.factories import make_official, make_person, sign_in_official
from tongban.accounts import idcheck, services
from tongban.accounts.models import Person, RealNameLevel
from tongban.accounts.sandbox.app import load_register
from tongban.core.codes import parse_resident_id
from tongban.core.errors import DomainError
from tongban.core.models import AuditEntry

pytestmark = pytest.mark.django_db
KEY = "test-idcheck-key"
# Two people of the sandbox's synthetic register (the demo citizens 张伟 and 王芳).
ZHANG_WEI = ("张伟", "370102198503120011")
WANG_FANG = ("王芳", "370103199007080023")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the sandbox exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("the sandbox did not start listening")


def start_sandbox(key: str) -> tuple[str, subprocess.Popen]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "tongban.accounts.sandbox.server", "--port", str(port)],
        env={**os.environ, "TONGBAN_IDCHECK_KEY": key},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process)
    return f"http://127.0.0.1:{port}", process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    url, process = start_sandbox(KEY)
    yield url
    stop(process)


@pytest.fixture
def service(settings, sandbox_url: str) -> str:
    settings.TONGBAN_IDCHECK_URL = sandbox_url
    settings.TONGBAN_IDCHECK_KEY = KEY
    return sandbox_url


class _BogusAnswer(BaseHTTPRequestHandler):
    """Answers every question with an unsigned "match"."""

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        nonce = json.loads(self.rfile.read(length))["nonce"]
        body = json.dumps({"match": True, "reference": "FORGED", "nonce": nonce}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def bogus_service(settings) -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _BogusAnswer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TONGBAN_IDCHECK_URL = f"http://127.0.0.1:{server.server_port}"
    settings.TONGBAN_IDCHECK_KEY = KEY
    yield settings.TONGBAN_IDCHECK_URL
    server.shutdown()
    server.server_close()


def register(name_and_number: tuple[str, str], name: str | None = None) -> Person:
    real_name, id_number = name_and_number
    return make_person(real_name=name or real_name, id_number=id_number)


def level(person: Person) -> int:
    return Person.objects.get(pk=person.pk).real_name_level


def test_the_sandbox_register_holds_valid_id_numbers_and_the_demo_citizens():
    register_ = load_register()
    assert len(register_) >= 24
    for number in register_:
        parse_resident_id(number)
    assert register_[ZHANG_WEI[1]] == ZHANG_WEI[0]


def test_a_matching_name_and_number_raise_the_level_to_verified(service):
    person = register(ZHANG_WEI)
    result = idcheck.verify(*ZHANG_WEI)
    assert result.match
    assert result.reference.startswith("SBX-")
    services.verify_real_name(person, ip_address="203.0.113.5")
    person.refresh_from_db()
    assert person.real_name_level == RealNameLevel.VERIFIED
    assert person.real_name_reference.startswith("SBX-")
    entry = AuditEntry.objects.get(action="person.real_name_level_raised")
    assert entry.changes["to"] == RealNameLevel.VERIFIED


def test_a_name_that_does_not_match_changes_nothing(service):
    person = register(WANG_FANG, name="王芳芳")
    with pytest.raises(DomainError) as refused:
        services.verify_real_name(person)
    assert refused.value.code == "real_name_mismatch"
    assert "不一致" in str(refused.value.message)
    assert level(person) == RealNameLevel.REGISTERED
    assert Person.objects.get(pk=person.pk).real_name_reference == ""


def test_an_answer_signed_with_another_key_is_refused(settings, service):
    url, process = start_sandbox("another-key")
    try:
        settings.TONGBAN_IDCHECK_URL = url
        with pytest.raises(idcheck.IdCheckUnavailable, match="signature"):
            idcheck.verify(*ZHANG_WEI)
    finally:
        stop(process)


def test_an_unsigned_answer_is_refused_and_leaves_the_account_alone(bogus_service):
    person = register(ZHANG_WEI, name="假冒者")
    with pytest.raises(idcheck.IdCheckUnavailable, match="unsigned"):
        idcheck.verify("假冒者", ZHANG_WEI[1])
    with pytest.raises(DomainError) as refused:
        services.verify_real_name(person)
    assert refused.value.status == 503
    assert level(person) == RealNameLevel.REGISTERED


def test_an_altered_answer_is_refused(monkeypatch, service):
    real_post = idcheck.httpx.post

    def altered(*args, **kwargs):
        response = real_post(*args, **kwargs)
        body = response.content.replace(b'"match":false', b'"match":true ')
        return idcheck.httpx.Response(200, headers=response.headers, content=body)

    monkeypatch.setattr(idcheck.httpx, "post", altered)
    with pytest.raises(idcheck.IdCheckUnavailable, match="signature"):
        idcheck.verify("冒名者", ZHANG_WEI[1])


# Through the API and the pages


def token(client: Client, person: Person) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        {"username": person.mobile, "password": "Tongban@2026"},
        content_type="application/json",
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_the_api_verifies_and_says_so(client, service):
    person = register(ZHANG_WEI)
    response = client.post("/api/v1/me/verification", headers=token(client, person))
    assert response.status_code == 200
    assert response.json()["real_name_level"] == RealNameLevel.VERIFIED
    again = client.post("/api/v1/me/verification", headers=token(client, person))
    assert again.status_code == 409


def test_the_service_down_is_a_503_and_the_level_is_unchanged(client, settings):
    settings.TONGBAN_IDCHECK_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens
    person = register(ZHANG_WEI)
    response = client.post("/api/v1/me/verification", headers=token(client, person))
    assert response.status_code == 503
    assert response.json()["error"]["message"] == "暂时无法核验，请稍后再试。"
    assert level(person) == RealNameLevel.REGISTERED
    assert not AuditEntry.objects.filter(action="person.real_name_level_raised").exists()


def test_the_profile_button_verifies(client, service):
    person = register(ZHANG_WEI)
    client.force_login(person.user)
    assert "实名核验" in client.get("/me/").content.decode()
    response = client.post("/me/verification/", follow=True)
    assert "实名核验已通过" in response.content.decode()
    assert level(person) == RealNameLevel.VERIFIED


def test_the_profile_says_when_the_service_is_down(client, settings):
    settings.TONGBAN_IDCHECK_URL = f"http://127.0.0.1:{free_port()}"
    person = register(ZHANG_WEI)
    client.force_login(person.user)
    response = client.post("/me/verification/", follow=True)
    assert "暂时无法核验，请稍后再试" in response.content.decode()
    assert level(person) == RealNameLevel.REGISTERED


def test_a_window_clerk_confirms_a_person_in_person(client):
    person = register(ZHANG_WEI)
    clerk = make_official()
    sign_in_official(client, clerk)
    response = client.post(
        "/workbench/identity/",
        {"real_name": ZHANG_WEI[0], "id_number": ZHANG_WEI[1], "seen_in_person": "on"},
        follow=True,
    )
    assert "已确认为强实名" in response.content.decode()
    assert level(person) == RealNameLevel.STRONG
    entry = AuditEntry.objects.get(action="person.real_name_level_raised")
    assert entry.actor_id == clerk.user.pk


def test_only_a_window_clerk_may_confirm_in_person():
    person = register(ZHANG_WEI)
    reviewer = make_official(roles=("reviewer",))
    with pytest.raises(DomainError) as refused:
        services.confirm_in_person(person, clerk=reviewer)
    assert refused.value.status == 403
    assert level(person) == RealNameLevel.REGISTERED

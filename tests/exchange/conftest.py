"""The sandbox department systems as a real separate process on a free port, the demo city's
providers pointing at it, and a citizen the sandbox has records for."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.factories import make_person
from tests.workflow.conftest import city, food_entry, officials
from tongban.accounts.models import Person
from tongban.exchange import services

__all__ = ["city", "food_entry", "officials"]

# 张伟 of the demo (tongban.demo.data): the sandbox holds his 户籍, 社保, 不动产 … records.
ZHANG_WEI_ID = "370102198503120011"
OWN_PACKAGED = {"venue": "own", "scope": ["prepackaged"]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Sandbox:
    url: str
    key: str


def _wait_until_listening(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the sandbox exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the sandbox did not start listening")


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    port = free_port()
    key = secrets.token_urlsafe(32)
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tongban.exchange.sandbox.server", "--port", str(port)],
        env={**os.environ, "TONGBAN_SANDBOX_KEY": key},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_listening(process, port)
        yield Sandbox(f"http://127.0.0.1:{port}", key)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def providers(city, sandbox) -> Sandbox:
    services.register_providers("370100", sandbox.url, sandbox.key)
    return sandbox


@pytest.fixture
def providers_down(city) -> str:
    """Every department system at an address where nothing listens."""
    url = f"http://127.0.0.1:{free_port()}"
    services.register_providers("370100", url, "any-key")
    return url


@pytest.fixture
def zhang_wei() -> Person:
    return make_person(real_name="张伟", id_number=ZHANG_WEI_ID)


def sandbox_post(sandbox: Sandbox, path: str, body: bytes, headers: dict) -> httpx.Response:
    return httpx.post(f"{sandbox.url}{path}", content=body, headers=headers, timeout=5)

"""The sandbox verification service: a small WSGI application with its own synthetic register.

    POST /v1/verify  {"name", "id_number", "nonce"}
    200 {"match": bool, "reference": "...", "nonce": "..."}   signed (see ``signing``)
    400 unreadable request · 404 unknown path · 405 wrong method

The answer echoes the client's nonce, so a signed answer to one question cannot be replayed
as the answer to another."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tongban.accounts.sandbox.signing import SIGNATURE_HEADER, canonical_body, signature

REGISTER_FILE = Path(__file__).with_name("register.json")
# The development default; the platform's TONGBAN_IDCHECK_KEY must hold the same value.
DEV_KEY = "dev-only-idcheck-key"
MAX_BODY = 16 * 1024

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def load_register(path: Path = REGISTER_FILE) -> dict[str, str]:
    """ID number -> name."""
    people = json.loads(path.read_text(encoding="utf-8"))["people"]
    return {person["id_number"].upper(): person["name"] for person in people}


class IdCheckService:
    def __init__(self, register: dict[str, str], key: str) -> None:
        self.register = register
        self.key = key

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        status, answer = self._answer(environ)
        body = canonical_body(answer)
        headers = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(body))),
            (SIGNATURE_HEADER, signature(body, self.key)),
        ]
        start_response(status, headers)
        return [body]

    def _answer(self, environ: dict) -> tuple[str, dict]:
        if environ.get("PATH_INFO") != "/v1/verify":
            return "404 Not Found", {"error": "not_found"}
        if environ.get("REQUEST_METHOD") != "POST":
            return "405 Method Not Allowed", {"error": "method_not_allowed"}
        question = _read_json(environ)
        if question is None:
            return "400 Bad Request", {"error": "bad_request"}
        name, id_number = question["name"].strip(), question["id_number"].strip().upper()
        return "200 OK", {
            "match": self.register.get(id_number) == name,
            "reference": f"SBX-{uuid.uuid4().hex[:16].upper()}",
            "nonce": question["nonce"],
        }


def _read_json(environ: dict) -> dict | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= MAX_BODY:
        return None
    try:
        value = json.loads(environ["wsgi.input"].read(length))
    except (ValueError, UnicodeDecodeError):
        return None
    fields = ("name", "id_number", "nonce")
    if not isinstance(value, dict) or not all(isinstance(value.get(f), str) for f in fields):
        return None
    return value


def application() -> IdCheckService:
    return IdCheckService(load_register(), os.environ.get("TONGBAN_IDCHECK_KEY", DEV_KEY))

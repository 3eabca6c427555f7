"""The sandbox department systems (部门业务系统沙箱): a small WSGI application, run as its own
process, that answers data-exchange queries from its own synthetic records the way a
department's system would. It shares no database and no code path with the platform beyond the
signing rule and the dataset table (both plain Python), so the gateway is tested over real HTTP.

    POST /v1/datasets/<code>/query   {"subject_id_number" | "uscc", "purpose", "case"}
    200 {"status": "found", "record": {...}} | {"status": "no_record"}
    400 bad request · 401 unsigned, stale or wrongly signed · 404 unknown dataset"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from tongban.exchange import registry, signing

DATA_FILE = Path(__file__).with_name("data.json")
# Used for every provider the TONGBAN_SANDBOX_KEYS list does not name: development only.
DEV_KEY = "sandbox-dev-only-shared-key"
QUERY_PATH = re.compile(r"^/v1/datasets/(?P<code>[a-z0-9_-]{1,40})/query$")
MAX_BODY = 64 * 1024

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def keys_from_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """``TONGBAN_SANDBOX_KEYS="dept-gaj:key1,dept-rsj:key2"``; ``TONGBAN_SANDBOX_KEY`` for the
    rest (the demo's single shared key)."""
    default = environ.get("TONGBAN_SANDBOX_KEY", DEV_KEY)
    keys = {registry.provider_code(spec): default for spec in registry.DATASETS}
    for part in environ.get("TONGBAN_SANDBOX_KEYS", "").split(","):
        provider, _, key = part.strip().partition(":")
        if provider and key:
            keys[provider] = key
    return keys


def _mask(spec: registry.DatasetSpec, subject: str) -> str:
    """A person's ID number is masked in the answer; a company's code is public."""
    if spec.subject == registry.ORGANISATION:
        return subject
    return f"{subject[:3]}{'*' * max(len(subject) - 7, 0)}{subject[-4:]}"


class DepartmentSystems:
    """The WSGI application: one instance serves every sandbox department."""

    def __init__(self, records: Mapping[str, Mapping[str, dict]], keys: Mapping[str, str]):
        self.records = records
        self.keys = keys

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        status, answer = self._answer(environ)
        body = json.dumps(answer, ensure_ascii=False).encode()
        start_response(
            status,
            [
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(len(body))),
            ],
        )
        return [body]

    def _answer(self, environ: dict) -> tuple[str, dict]:
        path = environ.get("PATH_INFO", "")
        matched = QUERY_PATH.match(path)
        if environ.get("REQUEST_METHOD") != "POST" or matched is None:
            return "404 Not Found", {"error": "not_found"}
        spec = registry.BY_CODE.get(matched["code"])
        if spec is None or spec.kind != registry.HTTP:
            return "404 Not Found", {"error": "unknown_dataset"}
        body = self._body(environ)
        refusal = signing.check(
            self.keys[registry.provider_code(spec)],
            "POST",
            path,
            environ.get("HTTP_X_TONGBAN_TIMESTAMP"),
            environ.get("HTTP_X_TONGBAN_SIGNATURE"),
            body,
        )
        if refusal is not None:
            return "401 Unauthorized", {"error": refusal}
        return self._lookup(spec, body)

    @staticmethod
    def _body(environ: dict) -> bytes:
        try:
            length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
        except ValueError:
            length = 0
        return environ["wsgi.input"].read(length) if length else b""

    def _lookup(self, spec: registry.DatasetSpec, body: bytes) -> tuple[str, dict]:
        try:
            query = json.loads(body)
        except ValueError:
            return "400 Bad Request", {"error": "bad_json"}
        field = "uscc" if spec.subject == registry.ORGANISATION else "subject_id_number"
        subject = str(query.get(field) or "").strip().upper()
        if not subject or not query.get("purpose") or not query.get("case"):
            return "400 Bad Request", {
                "error": "missing_fields",
                "needs": [field, "purpose", "case"],
            }
        answered = {
            "dataset": spec.code,
            "dataset_name": spec.name,
            "subject": _mask(spec, subject),
            "case": str(query["case"]),
            "answered_on": dt.date.today().isoformat(),
        }
        record = self.records.get(spec.code, {}).get(subject)
        if record is None:
            return "200 OK", {**answered, "status": "no_record"}
        return "200 OK", {**answered, "status": "found", "record": record}


def load_records(path: Path = DATA_FILE) -> dict[str, dict[str, dict]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {code: rows for code, rows in data.items() if not code.startswith("_")}


def application() -> DepartmentSystems:
    return DepartmentSystems(load_records(), keys_from_environment())

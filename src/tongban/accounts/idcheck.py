"""Real-name verification (实名核验): ask the identity-verification service whether a name and a
resident ID number belong together.

The service is chosen by setting (TONGBAN_IDCHECK_URL, TONGBAN_IDCHECK_KEY), so a province's
real service replaces the sandbox without a code change. Its answers are signed with the shared
key; an answer that is unsigned, altered, or answers another question is refused as if the
service were down, because a forged "match" would make a false real-name account."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

import httpx
from django.conf import settings

from tongban.accounts.sandbox.signing import SIGNATURE_HEADER, is_signed


@dataclass(frozen=True)
class IdCheckResult:
    match: bool
    reference: str


class IdCheckUnavailable(Exception):
    """The service cannot give a trustworthy answer now: down, slow, or answering badly."""


class HttpIdCheck:
    """The service over HTTP: POST {base}/v1/verify, signed JSON answer."""

    def __init__(self, base_url: str, key: str, timeout: float) -> None:
        self.url = base_url.rstrip("/") + "/v1/verify"
        self.key = key
        self.timeout = timeout

    def verify(self, name: str, id_number: str) -> IdCheckResult:
        nonce = secrets.token_hex(16)
        question = {"name": name, "id_number": id_number, "nonce": nonce}
        try:
            response = httpx.post(self.url, json=question, timeout=self.timeout)
        except httpx.HTTPError as error:
            raise IdCheckUnavailable(f"no answer from {self.url}: {error}") from None
        if response.status_code != 200:
            raise IdCheckUnavailable(f"{self.url} answered HTTP {response.status_code}")
        if not is_signed(response.content, self.key, response.headers.get(SIGNATURE_HEADER)):
            raise IdCheckUnavailable("the answer is unsigned or its signature does not match")
        return _result(response.content, nonce)


def _result(body: bytes, nonce: str) -> IdCheckResult:
    try:
        answer = json.loads(body)
    except ValueError:
        raise IdCheckUnavailable("the answer is not JSON") from None
    if not isinstance(answer, dict) or answer.get("nonce") != nonce:
        raise IdCheckUnavailable("the answer is not for this question")
    match, reference = answer.get("match"), answer.get("reference")
    if not isinstance(match, bool) or not isinstance(reference, str) or not reference:
        raise IdCheckUnavailable("the answer lacks match or reference")
    return IdCheckResult(match=match, reference=reference[:64])


def provider() -> HttpIdCheck:
    return HttpIdCheck(
        settings.TONGBAN_IDCHECK_URL, settings.TONGBAN_IDCHECK_KEY, settings.TONGBAN_IDCHECK_TIMEOUT
    )


def verify(name: str, id_number: str) -> IdCheckResult:
    return provider().verify(name, id_number)

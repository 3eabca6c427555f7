"""How the gateway reaches a provider: a department system over HTTP with signed requests, or
Tongban's own licence library. Each answers with a ProviderAnswer; none raises for a provider
that is down or has no record, since those are ordinary outcomes the applicant is told about."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from tongban.exchange import signing
from tongban.exchange.models import Dataset, Outcome, Provider, ProviderKind, SubjectKind

# A department system that does not answer within these is treated as down: the applicant
# uploads instead of waiting (connect, then the whole answer).
CONNECT_TIMEOUT = 2.0
ANSWER_TIMEOUT = 5.0


@dataclass(frozen=True)
class ProviderAnswer:
    outcome: str
    body: bytes = b""
    record: dict = field(default_factory=dict)
    pdf: bytes | None = None  # a licence comes as its own PDF
    reason: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest() if self.body else ""


class LicenceLibrary(Protocol):
    """What the gateway needs from the licences room: the holder's current licence of a type,
    as canonical data and PDF, or None."""

    def find(self, licence_type: str, holder: str) -> tuple[bytes, dict, bytes] | None:
        """(canonical JSON bytes, data, PDF bytes) of the current licence, or None."""


class LicenceLibraryNotReady:
    """Stands in until the look-up is plugged in (the app's ready()): every licence question is
    answered "provider down", so the applicant uploads instead, as with any unavailable
    provider."""

    def find(self, licence_type: str, holder: str) -> tuple[bytes, dict, bytes] | None:
        raise LookupError("licence_library_not_ready")


_licence_library: LicenceLibrary = LicenceLibraryNotReady()


def use_licence_library(library: LicenceLibrary) -> None:
    """Plug in the licence look-up (exchange.licence_library, from this app's ready())."""
    global _licence_library
    _licence_library = library


def ask(dataset: Dataset, subject: str, purpose: str, case_number: str) -> ProviderAnswer:
    provider = dataset.provider
    if not provider.active or not dataset.active:
        return ProviderAnswer(Outcome.PROVIDER_DOWN, reason="provider_inactive")
    if provider.kind == ProviderKind.LICENCE_LIBRARY:
        return _ask_licence_library(dataset, subject)
    return _ask_http(provider, dataset, subject, purpose, case_number)


def _ask_licence_library(dataset: Dataset, subject: str) -> ProviderAnswer:
    try:
        found = _licence_library.find(dataset.code, subject)
    except LookupError as error:
        return ProviderAnswer(Outcome.PROVIDER_DOWN, reason=str(error)[:100])
    if found is None:
        return ProviderAnswer(Outcome.NO_RECORD)
    body, data, pdf = found
    return ProviderAnswer(Outcome.OK, body=body, record=data, pdf=pdf)


def _ask_http(
    provider: Provider, dataset: Dataset, subject: str, purpose: str, case_number: str
) -> ProviderAnswer:
    url = httpx.URL(f"{provider.base_url.rstrip('/')}/v1/datasets/{dataset.code}/query")
    field_name = "uscc" if dataset.subject == SubjectKind.ORGANISATION else "subject_id_number"
    body = json.dumps(
        {field_name: subject, "purpose": purpose, "case": case_number}, ensure_ascii=False
    ).encode()
    headers = signing.signed_headers(provider.shared_key, "POST", url.raw_path.decode(), body)
    headers["Content-Type"] = "application/json"
    try:
        response = httpx.post(
            url,
            content=body,
            headers=headers,
            timeout=httpx.Timeout(ANSWER_TIMEOUT, connect=CONNECT_TIMEOUT),
        )
    except httpx.HTTPError as error:
        return ProviderAnswer(Outcome.PROVIDER_DOWN, reason=type(error).__name__)
    return _read(response)


def _read(response: httpx.Response) -> ProviderAnswer:
    if response.status_code >= 500:
        return ProviderAnswer(Outcome.PROVIDER_DOWN, reason=f"http_{response.status_code}")
    try:
        answer = response.json()
    except ValueError:
        return ProviderAnswer(Outcome.PROVIDER_DOWN, reason="unreadable_answer")
    if response.status_code != 200:
        # The department refused us (signature, unknown dataset): ours to fix, not the citizen's.
        reason = f"provider_refused:{answer.get('error', response.status_code)}"
        return ProviderAnswer(Outcome.REFUSED, body=response.content, reason=reason[:100])
    if answer.get("status") == "no_record":
        return ProviderAnswer(Outcome.NO_RECORD, body=response.content)
    record = answer.get("record")
    if answer.get("status") != "found" or not isinstance(record, dict):
        return ProviderAnswer(Outcome.PROVIDER_DOWN, reason="unreadable_answer")
    return ProviderAnswer(Outcome.OK, body=response.content, record=record)

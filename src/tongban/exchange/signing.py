"""Signed requests between the gateway and department systems (no Django: the sandbox uses it).

The signature is HMAC-SHA256 with the provider's shared key over the method, the path, a Unix
timestamp and the SHA-256 of the body, one per line. The timestamp must be within a freshness
window of the receiver's clock, so a captured request cannot be replayed later."""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Tongban-Timestamp"
SIGNATURE_HEADER = "X-Tongban-Signature"
FRESHNESS_SECONDS = 300


def signature(key: str, method: str, path: str, timestamp: str, body: bytes) -> str:
    message = "\n".join([method.upper(), path, timestamp, hashlib.sha256(body).hexdigest()])
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def signed_headers(key: str, method: str, path: str, body: bytes, now: float | None = None) -> dict:
    timestamp = str(int(time.time() if now is None else now))
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(key, method, path, timestamp, body),
    }


def check(
    key: str,
    method: str,
    path: str,
    timestamp: str | None,
    given: str | None,
    body: bytes,
    now: float | None = None,
) -> str | None:
    """Why the request must be refused, or None when it is signed, fresh and untouched."""
    if not timestamp or not given:
        return "signature_missing"
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return "bad_timestamp"
    if age > FRESHNESS_SECONDS:
        return "stale_timestamp"
    if not hmac.compare_digest(signature(key, method, path, timestamp, body), given):
        return "bad_signature"
    return None

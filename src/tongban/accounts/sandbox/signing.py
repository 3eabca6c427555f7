"""The signing rule the verification service and its client share: HMAC-SHA256 over the exact
bytes of a canonical JSON body, hex, in one header. Plain Python, no Django: the sandbox
process imports it without the platform's settings."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

SIGNATURE_HEADER = "X-Idcheck-Signature"


def canonical_body(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8 kept: one byte-exact text for a JSON value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(body: bytes, key: str) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def is_signed(body: bytes, key: str, claimed: str | None) -> bool:
    return bool(claimed) and hmac.compare_digest(signature(body, key), claimed)

"""Ed25519 signatures over a licence's canonical JSON, and the published key set.

Pure functions over bytes and dicts: the server, the offline command (``tongban licences
verify``) and the tests share them, and none of them needs the database."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tongban.core.audit import canonical_json

ALGORITHM = "Ed25519"
QR_CONTEXT = "tongban-licence-qr:v1"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def canonical_bytes(value: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the one byte sequence that is signed."""
    return canonical_json(value).encode()


@dataclass(frozen=True)
class NewKey:
    kid: str
    private_key: str  # the 32-byte seed, base64url
    public_key: str  # the 32-byte public key, base64url


def generate_key(today: dt.date) -> NewKey:
    """A fresh key; its kid names the day and a fingerprint, so a kid never repeats."""
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes_raw()
    public = private.public_key().public_bytes_raw()
    return NewKey(f"tb{today:%Y%m%d}-{sha256_hex(public)[:10]}", b64url(seed), b64url(public))


def sign(private_key: str, message: bytes) -> str:
    return b64url(Ed25519PrivateKey.from_private_bytes(unb64url(private_key)).sign(message))


def signature_holds(public_key: str, message: bytes, signature: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(unb64url(public_key))
        key.verify(unb64url(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def qr_message(identifier: str, core_sha256: str) -> bytes:
    """What the QR code's short signature covers: the identifier and the hash of the licence
    data, so a QR code copied onto another licence's data does not verify."""
    return f"{QR_CONTEXT}:{identifier}:{core_sha256}".encode()


@dataclass(frozen=True)
class PublicKey:
    """One entry of the published key set (/verify/keys): valid for signing from
    ``not_before`` until ``not_after`` (None while it is the current key)."""

    kid: str
    public_key: str
    not_before: dt.datetime
    not_after: dt.datetime | None

    def covers(self, moment: dt.datetime) -> bool:
        return self.not_before <= moment and (self.not_after is None or moment < self.not_after)

    def as_jwk(self) -> dict[str, Any]:
        return {
            "kid": self.kid,
            "kty": "OKP",
            "crv": ALGORITHM,
            "alg": "EdDSA",
            "use": "sig",
            "x": self.public_key,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat() if self.not_after else None,
        }


def key_set(keys: list[PublicKey]) -> dict[str, Any]:
    return {"keys": [key.as_jwk() for key in keys]}


def parse_key_set(text: str) -> dict[str, PublicKey]:
    """The keys of a published key set, by kid; raises ValueError on a malformed file."""
    try:
        entries = json.loads(text)["keys"]
        return {
            entry["kid"]: PublicKey(
                kid=entry["kid"],
                public_key=entry["x"],
                not_before=dt.datetime.fromisoformat(entry["not_before"]),
                not_after=dt.datetime.fromisoformat(entry["not_after"])
                if entry.get("not_after")
                else None,
            )
            for entry in entries
        }
    except (KeyError, TypeError, json.JSONDecodeError) as error:
        raise ValueError(f"not a key set: {error}") from None

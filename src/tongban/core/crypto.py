"""Field encryption for personal data at rest (DESIGN.md "Personal data at rest").

Values are sealed with AES-256-GCM under the newest key of the keyring; each stored value names
its key, so keys can be rotated without rewriting old rows at once. The column a value belongs to
is bound in as associated data: a ciphertext copied into another column does not decrypt. Beside
each encrypted column sits a keyed hash (HMAC-SHA256) for exact look-up without decrypting."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

FORMAT_VERSION = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value does not decrypt: wrong key, unknown key id, or tampered data."""


def _parse_keyring(spec: str) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for part in spec.split(","):
        key_id, _, encoded = part.strip().partition(":")
        if not key_id or not encoded:
            raise ImproperlyConfigured("TONGBAN_DATA_KEYS entries must look like 'id:base64key'")
        key = base64.b64decode(encoded)
        if len(key) != 32:
            raise ImproperlyConfigured(f"data key {key_id!r} must be 32 bytes (AES-256)")
        keys[key_id] = key
    if not keys:
        raise ImproperlyConfigured("TONGBAN_DATA_KEYS holds no key")
    return keys


@lru_cache(maxsize=1)
def _keyring() -> tuple[str, dict[str, bytes]]:
    keys = _parse_keyring(settings.TONGBAN_DATA_KEYS)
    return next(iter(keys)), keys


def _forget_keys(setting: str, **kwargs: object) -> None:
    if setting == "TONGBAN_DATA_KEYS":
        _keyring.cache_clear()


setting_changed.connect(_forget_keys)


def encrypt(plaintext: str, context: str) -> str:
    """Seal ``plaintext`` for the column named by ``context`` under the current key."""
    key_id, keys = _keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keys[key_id]).encrypt(nonce, plaintext.encode(), context.encode())
    payload = base64.b64encode(nonce + sealed).decode()
    return f"{FORMAT_VERSION}${key_id}${payload}"


def decrypt(token: str, context: str) -> str:
    """Open a value sealed by :func:`encrypt` for the same column."""
    try:
        version, key_id, payload = token.split("$", 2)
    except ValueError:
        raise DecryptionError("not an encrypted value") from None
    keys = _keyring()[1]
    if version != FORMAT_VERSION or key_id not in keys:
        raise DecryptionError(f"unknown format or key id {key_id!r}")
    try:
        raw = base64.b64decode(payload, validate=True)
        plain = AESGCM(keys[key_id]).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError):
        # ValueError covers broken base64 and a payload too short to hold a nonce.
        raise DecryptionError("value was altered or sealed for another column") from None
    return plain.decode()


def lookup_hash(value: str, purpose: str) -> str:
    """A keyed hash for exact look-up. ``purpose`` separates hash spaces, so the hash of an ID
    number cannot be matched against the hash of a phone number."""
    key = settings.TONGBAN_LOOKUP_KEY.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code sees the plain value.

    It cannot be filtered on (the ciphertext differs every time): look up through the keyed
    hash column beside it instead."""

    def _context(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def from_db_value(
        self, value: str | None, expression: object, connection: object
    ) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value, self._context())

    def get_prep_value(self, value: object) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value), self._context())

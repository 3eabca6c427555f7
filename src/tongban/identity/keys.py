"""ID-token signing keys: the current one (created on first use), and the retired ones that
the JWKS keeps publishing until the last ID token they signed has expired."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from jwcrypto import jwk
from oauth2_provider.settings import oauth2_settings

from tongban.core import audit
from tongban.identity.models import SigningKey

RSA_KEY_BITS = 2048  # RS256 with 2048-bit keys is what every OIDC client library expects


def new_private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def thumbprint(private_pem: str) -> str:
    """The key id: RFC 7638 thumbprint, the value DOT puts in the token header and the JWKS."""
    return jwk.JWK.from_pem(private_pem.encode()).thumbprint()


def create_key(actor: audit.Actor = audit.SYSTEM) -> SigningKey:
    """A new current key. The caller retires the previous one in the same transaction; the
    one-current-key constraint refuses a second current key from a concurrent caller."""
    pem = new_private_pem()
    key = SigningKey.objects.create(kid=thumbprint(pem), private_pem=pem)
    audit.record("identity.signing_key_created", key, actor=actor, changes={"kid": key.kid})
    return key


def current_key() -> SigningKey:
    """The key new ID tokens are signed with; the first one is made on first use, so a fresh
    installation can sign in department systems without a setup step."""
    key = SigningKey.objects.filter(retired_at__isnull=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return create_key()
    except IntegrityError:
        # Another process created it between our read and our write: use theirs.
        return SigningKey.objects.get(retired_at__isnull=True)


def publication_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Keys retired before this moment signed only ID tokens that have expired by now."""
    lifetime = dt.timedelta(seconds=oauth2_settings.ID_TOKEN_EXPIRE_SECONDS)
    return (now or timezone.now()) - lifetime


def published_retired_keys() -> QuerySet[SigningKey]:
    return SigningKey.objects.filter(retired_at__gt=publication_cutoff())


def key_by_kid(kid: str) -> SigningKey | None:
    """Any key we ever signed with, published or not: verifying our own old tokens (an expired
    id_token_hint at logout) does not depend on what the JWKS still shows."""
    return SigningKey.objects.filter(kid=kid).first()


def rotate_key(actor: audit.Actor = audit.SYSTEM) -> tuple[SigningKey, SigningKey | None]:
    """Retire the current key and make a new one; returns (new, retired)."""
    with transaction.atomic():
        old = SigningKey.objects.select_for_update().filter(retired_at__isnull=True).first()
        if old is not None:
            old.retired_at = timezone.now()
            old.save(update_fields=["retired_at"])
        new = create_key(actor)
        audit.record(
            "identity.signing_key_rotated",
            new,
            actor=actor,
            changes={"kid": new.kid, "retired_kid": old.kid if old else None},
        )
    return new, old

"""State changes of the identity room: registering department systems, and the audit entries
for consent and token issuance (key rotation lives with the keys, in keys.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AbstractApplication, get_application_model

from tongban.accounts.models import Organisation
from tongban.core import audit
from tongban.core.http import client_ip

Application = get_application_model()


@dataclass(frozen=True)
class RegisteredClient:
    application: AbstractApplication
    client_secret: str  # empty for public clients; shown once, only its hash is stored


def add_client(
    name: str,
    redirect_uris: list[str],
    *,
    confidential: bool = False,
    post_logout_redirect_uris: list[str] | None = None,
    actor: audit.Actor = audit.SYSTEM,
) -> RegisteredClient:
    """Register a department system for the authorization code flow with RS256 ID tokens.
    Public clients (no secret: apps, single-page sites) must use PKCE; see hooks.pkce_required."""
    secret = generate_client_secret() if confidential else ""
    application = Application(
        name=name,
        client_type=Application.CLIENT_CONFIDENTIAL if confidential else Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        post_logout_redirect_uris=" ".join(post_logout_redirect_uris or []),
        algorithm=Application.RS256_ALGORITHM,
        client_secret=secret,
        hash_client_secret=True,
    )
    application.full_clean(exclude=["client_secret"] if not confidential else None)
    with transaction.atomic():
        application.save()
        audit.record(
            "identity.client_registered",
            application,
            actor=actor,
            changes={
                "client_id": application.client_id,
                "name": name,
                "client_type": application.client_type,
                "redirect_uris": redirect_uris,
            },
        )
    return RegisteredClient(application, secret)


def record_consent(
    application: AbstractApplication,
    *,
    allowed: bool,
    scopes: list[str],
    organisation: Organisation | None,
    actor: audit.Actor,
) -> None:
    audit.record(
        "identity.consent_granted" if allowed else "identity.consent_denied",
        application,
        actor=actor,
        changes={
            "client_id": application.client_id,
            "scopes": scopes,
            "acting_for": organisation.uscc if organisation else "",
        },
    )


def record_token_issued(sender: Any, request: Any, token: Any, **kwargs: Any) -> None:
    """Receiver of DOT's ``app_authorized``: sent once a code was exchanged for tokens."""
    audit.record(
        "identity.token_issued",
        token,
        actor=audit.Actor.of(token.user, ip_address=client_ip(request)),
        changes={"client_id": token.application.client_id, "scopes": token.scope.split()},
    )

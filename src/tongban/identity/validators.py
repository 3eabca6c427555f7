"""Tongban's OAuth2/OIDC validator: DOT's, with pairwise subjects, real-name claims, the
organisation an agent acts for, key lookup by ``kid`` and an audit entry for each revocation."""

from __future__ import annotations

import hashlib
from typing import Any

from jwcrypto import jwk, jws
from oauth2_provider.models import AccessToken, RefreshToken
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.common import Request

from tongban.core import audit
from tongban.identity import claims, keys
from tongban.identity.models import ActingFor


def _checksum(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TongbanValidator(OAuth2Validator):
    oidc_claim_scope = claims.CLAIM_SCOPES

    def get_claim_dict(self, request: Request) -> dict[str, Any]:
        return claims.user_claims(
            request.user, request.client.client_id, self._organisation(request)
        )

    def get_discovery_claims(self, request: Any) -> list[str]:
        return list(claims.CLAIM_SCOPES)

    def _organisation(self, request: Request) -> Any:
        """Set on the request by validate_code at the token endpoint; at userinfo, read from the
        access token the call carries."""
        if getattr(request, "acting_for", None) is not None:
            return request.acting_for
        access_token = getattr(request, "access_token", None)
        if isinstance(access_token, AccessToken):
            row = ActingFor.objects.filter(access_token=access_token).first()
            return row.organisation if row else None
        return None

    def save_authorization_code(
        self, client_id: str, code: dict, request: Request, *args: Any, **kwargs: Any
    ) -> None:
        """The consent view puts the verified organisation on the request; keep it with the
        code, since the token endpoint has no session to read it from."""
        grant = self._create_authorization_code(request, code)
        organisation = getattr(request, "acting_for", None)
        if organisation is not None:
            ActingFor.objects.create(grant=grant, organisation=organisation)

    def validate_code(
        self, client_id: str, code: str, client: Any, request: Request, *args: Any, **kwargs: Any
    ) -> bool:
        if not super().validate_code(client_id, code, client, request, *args, **kwargs):
            return False
        row = ActingFor.objects.filter(grant__code=code, grant__application=client).first()
        request.acting_for = row.organisation if row else None
        return True

    def save_bearer_token(self, token: dict, request: Request, *args: Any, **kwargs: Any) -> None:
        super().save_bearer_token(token, request, *args, **kwargs)
        organisation = getattr(request, "acting_for", None)
        if organisation is not None and "access_token" in token:
            access_token = AccessToken.objects.get(token_checksum=_checksum(token["access_token"]))
            ActingFor.objects.create(access_token=access_token, organisation=organisation)

    def _get_key_for_token(self, token: str) -> jwk.JWK | None:
        """The key named by the token's ``kid``, current or retired, so a token signed before a
        rotation still verifies (DOT's default would only try the current key)."""
        unverified = jws.JWS()
        unverified.deserialize(token)
        header = unverified.jose_header
        header = header[0] if isinstance(header, list) else header
        key = keys.key_by_kid(str(header.get("kid", "")))
        if key is None:
            return None
        return jwk.JWK.from_pem(key.private_pem.encode())

    def revoke_token(
        self, token: str, token_type_hint: str | None, request: Request, *args: Any, **kwargs: Any
    ) -> None:
        revoked = self._owned_token(token, request)
        super().revoke_token(token, token_type_hint, request, *args, **kwargs)
        if revoked is not None:
            audit.record(
                "identity.token_revoked",
                revoked,
                actor=audit.Actor.of(revoked.user),
                changes={"client_id": request.client.client_id},
            )

    def _owned_token(self, token: str, request: Request) -> AccessToken | RefreshToken | None:
        """The access or refresh token the revoking client owns, if any (RFC 7009 scoping)."""
        application_pk = getattr(request.client, "pk", None)
        if application_pk is None:
            return None
        lookup = {"token_checksum": _checksum(token), "application_id": application_pk}
        return (
            AccessToken.objects.filter(**lookup).select_related("user").first()
            or RefreshToken.objects.filter(**lookup).select_related("user").first()
        )

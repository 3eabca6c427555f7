"""Settings hooks for django-oauth-toolkit, read at request time (see settings/base.py).

DOT reads ``OIDC_RSA_PRIVATE_KEY`` and ``OIDC_RSA_PRIVATE_KEYS_INACTIVE`` wherever it needs a
key: signing ID tokens (and the ``kid`` header, the key's thumbprint), the JWKS document, the
discovery document's algorithms and the RS256 check on applications. Rather than override each of
those, the two settings are live views of the ``SigningKey`` table: a lazy string that is the
current key's PEM each time it is used, and an iterable of the retired keys still published.
A rotation is therefore seen by every process at its next request, with no restart. Models are
imported inside the functions because settings are loaded before the apps are."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.functional import lazy


def _current_private_pem() -> str:
    from tongban.identity import keys

    return keys.current_key().private_pem


class _PublishedRetiredKeys:
    """The PEMs of retired keys whose ID tokens may still be valid, read on each iteration."""

    def __iter__(self) -> Iterator[str]:
        from tongban.identity import keys

        return iter([key.private_pem for key in keys.published_retired_keys()])


CURRENT_PRIVATE_KEY = lazy(_current_private_pem, str)()
RETIRED_PRIVATE_KEYS = _PublishedRetiredKeys()


def pkce_required(client_id: str) -> bool:
    """PKCE is required of public clients (they hold no secret), allowed for confidential ones:
    a confidential client that sends a code_challenge has its verifier checked all the same."""
    from oauth2_provider.models import get_application_model

    application = get_application_model()
    return not application.objects.filter(
        client_id=client_id, client_type=application.CLIENT_CONFIDENTIAL
    ).exists()

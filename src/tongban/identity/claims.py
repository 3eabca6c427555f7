"""What a department's system learns about the person signing in, per scope.

Scopes and claims:

- ``openid``: ``sub``, pairwise — an HMAC of the client id and the user id, so two department
  systems see two unrelated subjects for one person and cannot join their users by ``sub``.
- ``profile``: ``name`` (the real name; an official's full name) and, for an agent acting for an
  organisation, ``org`` = {"uscc", "name"}.
- ``realname``: ``acr``, the person's real-name level as a URI ``urn:tongban:acr:realname:<n>``,
  n = 1 registered, 2 identity verified, 3 strongly verified (accounts.RealNameLevel), and
  ``real_name_level``, the same level as a number. Officials have no real-name level: no acr.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tongban.accounts import selectors
from tongban.accounts.models import Organisation, User

ACR_PREFIX = "urn:tongban:acr:realname:"

CLAIM_SCOPES = {
    "sub": "openid",
    "name": "profile",
    "org": "profile",
    "acr": "realname",
    "real_name_level": "realname",
}

# What the consent page tells the person each scope hands over, in plain words.
SCOPE_DESCRIPTIONS = {
    "openid": _("您在该系统中的用户标识（每个系统各不相同，系统之间无法据此关联您）"),
    "profile": _("姓名"),
    "realname": _("实名等级"),
}
ORGANISATION_DESCRIPTION = _("代办企业（名称和统一社会信用代码）")


def pairwise_sub(client_id: str, user_id: int) -> str:
    key = settings.TONGBAN_OIDC_PAIRWISE_KEY.encode()
    return hmac.new(key, f"{client_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def acr_of_level(level: int) -> str:
    return f"{ACR_PREFIX}{level}"


def organisation_acted_for(user: User, uscc: str | None) -> Organisation | None:
    """The organisation named by the session's "acting for" choice, only if the user still
    represents it or holds an authorisation in force for it today."""
    person = selectors.person_of(user)
    if not uscc or person is None:
        return None
    for organisation, _relation in selectors.organisations_of(person):
        if organisation.uscc == uscc.upper():
            return organisation
    return None


def user_claims(
    user: User, client_id: str, organisation: Organisation | None = None
) -> dict[str, Any]:
    """Every claim this user could give this client; the validator keeps those whose scope
    was granted."""
    claims: dict[str, Any] = {"sub": pairwise_sub(client_id, user.pk)}
    person = selectors.person_of(user)
    if person is None:
        claims["name"] = user.get_full_name()
        return claims
    claims["name"] = person.real_name
    claims["acr"] = acr_of_level(person.real_name_level)
    claims["real_name_level"] = person.real_name_level
    if organisation is not None:
        claims["org"] = {"uscc": organisation.uscc, "name": organisation.name}
    return claims


def consent_items(scopes: list[str], organisation: Organisation | None) -> list[str]:
    """The data a consent page lists, one plain-Chinese line per kind."""
    items = [str(SCOPE_DESCRIPTIONS[scope]) for scope in scopes if scope in SCOPE_DESCRIPTIONS]
    if organisation is not None and "profile" in scopes:
        items.append(str(ORGANISATION_DESCRIPTION))
    return items

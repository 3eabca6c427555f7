"""Bearer-token authentication for the API."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from tongban.accounts import selectors
from tongban.accounts.models import Organisation, User
from tongban.accounts.services import user_for_token
from tongban.core.errors import PermissionDenied

ACTING_FOR_HEADER = "X-Acting-For"


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


def optional_user(request: HttpRequest) -> User | None:
    """The bearer token's user on endpoints open to everyone; None when there is no token.
    A token that is present but invalid is an error, not silently anonymous."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise AuthenticationError()
    request.user = user
    return user


def acting_for(request: HttpRequest) -> Organisation | None:
    """The organisation named by the ``X-Acting-For: <USCC>`` header, checked against what the
    caller represents or is an agent for today; None without the header. An organisation the
    caller may not act for is refused, never silently ignored: the request would otherwise
    run in the caller's own name while they meant the company's."""
    uscc = request.headers.get(ACTING_FOR_HEADER, "").strip().upper()
    if not uscc:
        return None
    person = selectors.person_of(request.user)
    if person is not None:
        for organisation, _relation in selectors.organisations_of(person):
            if organisation.uscc == uscc:
                return organisation
    raise PermissionDenied("not_authorised_for_organisation", _("您无权代表该单位办理。"))

"""Bearer-token authentication for the API."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from tongban.accounts.models import User
from tongban.accounts.services import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user

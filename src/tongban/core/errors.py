"""Domain errors: a stable machine code, a message in the user's language, per-field details.

They are raised by services and rules and turned into JSON (api) or a page message (web) in
exactly one place each."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule refused the request. ``status`` is the HTTP status the API answers with."""

    status = 400

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        fields: dict[str, str | Promise] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.fields = fields or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {name: str(text) for name, text in self.fields.items()},
        }


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    """Somebody else changed the object first; the caller may reload and try again."""

    status = 409

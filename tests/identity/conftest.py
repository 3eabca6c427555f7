"""Helpers for the OIDC tests: register a client through the command, read a page's form."""

from __future__ import annotations

import base64
import hashlib
import io
import secrets
from html.parser import HTMLParser

from django.core.management import call_command


def add_client(name: str, redirect_uri: str, *extra: str) -> tuple[str, str]:
    """Register a client with ``tongban oidc add-client``; returns (client_id, secret or "")."""
    out = io.StringIO()
    call_command(
        "oidc", "add-client", "--name", name, "--redirect-uri", redirect_uri, *extra, stdout=out
    )
    printed = dict(line.split(": ", 1) for line in out.getvalue().splitlines())
    return printed["client_id"], printed.get("client_secret", "")


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("name") and values.get("type") == "hidden":
            self.fields[values["name"]] = values.get("value") or ""


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page's forms (CSRF token, the consent form's parameters)."""
    reader = _FormReader()
    reader.feed(html)
    return reader.fields

"""Small helpers over Django requests shared by the API and the pages."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from. Behind a load balancer, the proxy must set
    REMOTE_ADDR from X-Forwarded-For (e.g. gunicorn's --forwarded-allow-ips); we never trust a
    client-supplied header here."""
    return request.META.get("REMOTE_ADDR") or None

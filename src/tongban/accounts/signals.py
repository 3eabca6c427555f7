"""Sign-ins, sign-outs and lockouts go into the audit log. Failed attempts are counted by
django-axes in its own tables, not here, so a password-guessing flood cannot swamp the chain."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from tongban.accounts import login_sessions
from tongban.core import audit
from tongban.core.http import client_ip


@receiver(user_logged_in)
def record_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit.record("auth.login", user, actor=audit.Actor.of(user, ip_address=client_ip(request)))
    if hasattr(request, "session"):
        login_sessions.record_session(request, user)


@receiver(user_logged_out)
def record_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record("auth.logout", user, actor=audit.Actor.of(user, ip_address=client_ip(request)))
    if hasattr(request, "session"):
        login_sessions.mark_ended(request)


@receiver(user_locked_out)
def record_lockout(sender: Any, request: HttpRequest, username: str, **kwargs: Any) -> None:
    audit.record(
        "auth.locked_out",
        ("accounts.login", username[:80]),
        actor=audit.Actor(label="anonymous", ip_address=client_ip(request)),
    )

"""Signed-in sessions a user can see and end (登录会话管理).

Ending a session deletes it from the session store at once, so that browser is signed out at
its next request without any check on every request. "Last seen" is refreshed at most once a
minute per session, so a busy page costs no extra query."""

from __future__ import annotations

import time
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import User, UserSession
from tongban.core import audit
from tongban.core.crypto import lookup_hash
from tongban.core.errors import NotFound
from tongban.core.http import client_ip

KEY_HASH_PURPOSE = "session-key"
SEEN_EVERY_SECONDS = 60
# The session remembers when its row was last refreshed, so the middleware needs no query to
# decide that it is not yet time.
SEEN_AT = "tongban_seen_at"
USER_AGENT_LENGTH = 300


def _key_hash(session_key: str) -> str:
    return lookup_hash(session_key, KEY_HASH_PURPOSE)


def current_key_hash(request: HttpRequest) -> str | None:
    key = request.session.session_key
    return _key_hash(key) if key else None


def record_session(request: HttpRequest, user: User) -> UserSession:
    """Called at sign-in, after Django gave the session a fresh key."""
    if request.session.session_key is None:
        request.session.save()
    now = timezone.now()
    session, _created = UserSession.objects.update_or_create(
        key_hash=_key_hash(request.session.session_key),
        defaults={
            "user": user,
            "session_key": request.session.session_key,
            "last_seen_at": now,
            "ip_address": client_ip(request),
            "user_agent": request.headers.get("User-Agent", "")[:USER_AGENT_LENGTH],
            "ended_at": None,
        },
    )
    request.session[SEEN_AT] = time.time()
    return session


def mark_ended(request: HttpRequest) -> None:
    """A normal sign-out: the session leaves the list."""
    key_hash = current_key_hash(request)
    if key_hash:
        UserSession.objects.filter(key_hash=key_hash, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )


def touch(request: HttpRequest) -> None:
    """Refresh "last seen" once a minute. A signed-in session without a row (signed in before
    this list existed) is recorded now."""
    seen_at = request.session.get(SEEN_AT, 0)
    if time.time() - seen_at < SEEN_EVERY_SECONDS or request.session.session_key is None:
        return
    updated = UserSession.objects.filter(
        key_hash=_key_hash(request.session.session_key),
        user=request.user,
        ended_at__isnull=True,
    ).update(last_seen_at=timezone.now(), ip_address=client_ip(request))
    if not updated:
        record_session(request, request.user)
    request.session[SEEN_AT] = time.time()


def _delete_from_store(session: UserSession) -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore(session_key=session.session_key).delete()


def active_sessions(user: User) -> QuerySet[UserSession]:
    return UserSession.objects.filter(user=user, ended_at__isnull=True).order_by("-last_seen_at")


def end_session(request: HttpRequest, session_id: int) -> UserSession:
    """End one of the user's own sessions; someone else's is "not found"."""
    with transaction.atomic():
        session = (
            UserSession.objects.select_for_update()
            .filter(pk=session_id, user=request.user, ended_at__isnull=True)
            .first()
        )
        if session is None:
            raise NotFound("not_found", _("未找到该会话，或它已经结束。"))
        session.ended_at = timezone.now()
        session.save(update_fields=["ended_at"])
        _delete_from_store(session)
        audit.record(
            "auth.session_ended",
            session,
            actor=audit.Actor.of(request.user, ip_address=client_ip(request)),
        )
    return session


def end_other_sessions(request: HttpRequest) -> int:
    """End every session of the user except the one making the request."""
    with transaction.atomic():
        others = list(
            active_sessions(request.user)
            .select_for_update()
            .exclude(key_hash=current_key_hash(request) or "")
        )
        UserSession.objects.filter(pk__in=[s.pk for s in others]).update(ended_at=timezone.now())
        for session in others:
            _delete_from_store(session)
        audit.record(
            "auth.other_sessions_ended",
            request.user,
            actor=audit.Actor.of(request.user, ip_address=client_ip(request)),
            changes={"ended": len(others)},
        )
    return len(others)


class SessionActivityMiddleware:
    """Keeps "last seen" of the signed-in session current. Goes after
    AuthenticationMiddleware."""

    def __init__(self, get_response: object) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            touch(request)
        return self.get_response(request)

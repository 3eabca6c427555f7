"""Officials' second sign-in step and everyone's session list.

After a good password an official is NOT signed in yet: the session only remembers, for a few
minutes, who passed the password. Django's ``login()`` runs after the TOTP (or a recovery code)
is right, so no page ever sees a half-signed-in official."""

from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongban.accounts import login_sessions, selectors, twofactor
from tongban.accounts.models import User
from tongban.core.errors import DomainError
from tongban.core.http import client_ip
from tongban.web.forms import OneTimeCodeForm

PENDING = "tongban_2fa_pending"
# Minutes between the password and the code; long enough to install an authenticator app.
PENDING_SECONDS = 10 * 60
RECOVERY_CODES = "tongban_new_recovery_codes"


def begin_second_step(
    request: HttpRequest, user: User, username: str, next_url: str
) -> HttpResponse:
    """The password was right: remember who, and ask for the code (or enrolment first)."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "username": username,
        "next": next_url,
        "at": time.time(),
    }
    if twofactor.confirmed_device(user) is None:
        return redirect("web:totp_enrol")
    return redirect("web:login_code")


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    state = request.session.get(PENDING)
    if not state or time.time() - state["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=state["user"], is_active=True).first()
    return (user, state) if user is not None else None


def _start_again(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("请重新输入账号和密码。"))
    return redirect("web:login")


def _finish(request: HttpRequest, user: User, state: dict[str, Any]) -> None:
    del request.session[PENDING]
    login(request, user, backend=state["backend"])


def _landing(user: User, state: dict[str, Any]) -> str:
    if state["next"]:
        return state["next"]
    if selectors.official_of(user) is not None:
        return reverse("web:workbench")
    return reverse("web:profile")


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """Second step: the 6-digit code from the authenticator app, or a recovery code."""
    pending = _pending(request)
    if pending is None:
        return _start_again(request)
    user, state = pending
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": state["username"]}
        if AxesProxyHandler.is_locked(request, credentials):
            # django-axes' middleware turns this into the lockout page.
            request.axes_locked_out = True
        elif twofactor.check_second_factor(
            request, user, form.cleaned_data["code"], state["username"]
        ):
            _finish(request, user, state)
            return redirect(_landing(user, state))
        else:
            form.add_error("code", _("动态口令或恢复码不正确。"))
    return render(request, "web/security/login_code.html", {"form": form})


@require_http_methods(["GET", "POST"])
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in of an official: scan the QR code, confirm with a first code, then see the
    recovery codes once."""
    pending = _pending(request)
    if pending is None:
        return _start_again(request)
    user, state = pending
    try:
        device = twofactor.start_enrolment(user)
    except DomainError:
        return redirect("web:login_code")
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm_enrolment(
                user, form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except DomainError as error:
            form.show_domain_error(error)
        else:
            _finish(request, user, state)
            request.session[RECOVERY_CODES] = codes
            return redirect("web:recovery_codes")
    uri = twofactor.provisioning_uri(device)
    context = {
        "form": form,
        "qr_svg": twofactor.qr_code_svg(uri),
        "secret": device.secret,
        "account": user.get_username(),
    }
    return render(request, "web/security/totp_enrol.html", context)


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shown once, right after they were made: a reload shows them no more."""
    codes = request.session.pop(RECOVERY_CODES, None)
    if codes is None:
        return redirect("web:security")
    return render(request, "web/security/recovery_codes.html", {"codes": codes})


@login_required
@require_POST
def renew_recovery_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = twofactor.regenerate_recovery_codes(request.user, ip_address=client_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("web:security")
    request.session[RECOVERY_CODES] = codes
    return redirect("web:recovery_codes")


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """账户安全: the signed-in sessions, and for officials the second factor."""
    context = {
        "sessions": login_sessions.active_sessions(request.user)[:50],
        "current_hash": login_sessions.current_key_hash(request),
        "device": twofactor.confirmed_device(request.user),
        "recovery_left": twofactor.unused_recovery_codes(request.user),
    }
    return render(request, "web/security/security.html", context)


@login_required
@require_POST
def end_session(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        login_sessions.end_session(request, session_id)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("该会话已结束。"))
    return redirect("web:security")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    ended = login_sessions.end_other_sessions(request)
    messages.success(request, _("已结束其他 %(count)d 个会话。") % {"count": ended})
    return redirect("web:security")

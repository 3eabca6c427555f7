"""Portal and workbench pages. Each view parses the request, calls one service or selector,
and renders; the rules live in the apps' services and selectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongban.accounts import selectors, twofactor
from tongban.accounts.services import register_person
from tongban.core.errors import DomainError
from tongban.core.http import client_ip
from tongban.web.forms import LoginForm, RegistrationForm
from tongban.web.paging import keyset_page
from tongban.web.security_views import begin_second_step
from tongban.workflow.selectors import task_queue

if TYPE_CHECKING:
    from tongban.accounts.models import User

WORKBENCH_PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = register_person(form.registration(), ip_address=client_ip(request))
        except DomainError as error:
            form.show_domain_error(error)
        else:
            login(request, person.user, backend="tongban.accounts.backends.IdentifierBackend")
            messages.success(request, _("注册成功，欢迎使用通办。"))
            return redirect("web:profile")
    return render(request, "web/register.html", {"form": form})


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Sign in. A locked-out attempt never reaches the password check: django-axes' backend
    refuses it and its middleware swaps this response for the lockout page."""
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None and twofactor.requires_second_factor(user):
            return begin_second_step(
                request, user, form.cleaned_data["username"], _safe_next(request) or ""
            )
        if user is not None and twofactor.requires_second_factor(user):
            return begin_second_step(
                request, user, form.cleaned_data["username"], _safe_next(request) or ""
            )
        if user is not None:
            login(request, user)
            return redirect(_safe_next(request) or _landing_page(user))
        form.add_error(None, _("账号或密码错误。"))
    return render(request, "web/login.html", {"form": form, "next": _safe_next(request) or ""})


def _landing_page(user: User) -> str:
    if selectors.official_of(user) is not None:
        return reverse("web:workbench")
    return reverse("web:profile")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("web:home")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = selectors.person_of(request.user)
    context = {"person": person, "official": selectors.official_of(request.user)}
    if person is not None:
        context["represented"] = person.represented_organisations.all()
        context["agencies"] = person.agencies.in_force().select_related("organisation")
    return render(request, "web/profile.html", context)


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """工作台: officials only. Anyone else gets "not found", so the page does not tell a
    visitor that an official area exists at this address."""
    official = selectors.official_of(request.user)
    if official is None:
        raise Http404
    page = keyset_page(
        selectors.departments_in_scope(official),
        after=request.GET.get("after"),
        size=WORKBENCH_PAGE_SIZE,
    )
    context = {"official": official, "page": page, "open_tasks": task_queue(official).count()}
    return render(request, "web/workbench.html", context)

"""Pages of a person's account beyond sign-in: real-name verification, acting for an
organisation (经办人 / 法定代表人), and the legal representative authorising agents; and the
window clerk's in-person identity check. Each parses, calls one service, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongban.accounts import selectors, services
from tongban.accounts.models import Organisation, Person
from tongban.core.errors import DomainError
from tongban.core.http import client_ip
from tongban.web.forms import AgentForm, InPersonCheckForm

ACTING_FOR = "acting_for"


def _person(request: HttpRequest) -> Person:
    person = selectors.person_of(request.user)
    if person is None:
        raise Http404
    return person


@login_required
@require_POST
def verify_real_name(request: HttpRequest) -> HttpResponse:
    try:
        services.verify_real_name(_person(request), ip_address=client_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("实名核验已通过。"))
    return redirect("web:profile")


def acting_for(request: HttpRequest) -> Organisation | None:
    """The organisation chosen in this session, checked again on every use: an authorisation
    that ended or was revoked since clears the choice."""
    uscc = request.session.get(ACTING_FOR)
    if not uscc or not request.user.is_authenticated:
        return None
    person = selectors.person_of(request.user)
    chosen = None
    if person is not None:
        chosen = next((o for o, _r in selectors.organisations_of(person) if o.uscc == uscc), None)
    if chosen is None:
        del request.session[ACTING_FOR]
    return chosen


def acting_for_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: who the signed-in person is acting for, for the header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"acting_for": acting_for(request)} if request.session.get(ACTING_FOR) else {}


@login_required
@require_POST
def switch_acting_for(request: HttpRequest) -> HttpResponse:
    """Act for one of one's organisations, or (empty choice) for oneself again."""
    uscc = request.POST.get("uscc", "").strip().upper()
    person = _person(request)
    if not uscc:
        request.session.pop(ACTING_FOR, None)
        messages.info(request, _("现在以个人身份办理。"))
        return redirect("web:profile")
    organisation = next((o for o, _r in selectors.organisations_of(person) if o.uscc == uscc), None)
    if organisation is None:
        messages.error(request, _("您无权代表该单位办理。"))
    else:
        request.session[ACTING_FOR] = organisation.uscc
        messages.success(request, _("现在代表“%(name)s”办理。") % {"name": organisation.name})
    return redirect("web:profile")


def _represented(request: HttpRequest, uscc: str) -> tuple[Person, Organisation]:
    person = _person(request)
    organisation = selectors.represented_organisation(person, uscc)
    if organisation is None:
        raise Http404
    return person, organisation


@login_required
@require_http_methods(["GET", "POST"])
def agents(request: HttpRequest, uscc: str) -> HttpResponse:
    """The legal representative's page: the agents, a form to authorise one."""
    person, organisation = _represented(request, uscc)
    form = AgentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agent = services.find_registered_person(data["real_name"], data["id_number"])
            services.authorise_agent(
                organisation=organisation,
                by=person,
                agent=agent,
                valid_until=data["valid_until"],
                ip_address=client_ip(request),
            )
        except DomainError as error:
            form.show_domain_error(error)
        else:
            messages.success(request, _("已授权经办人。"))
            return redirect("web:agents", uscc=organisation.uscc)
    context = {
        "organisation": organisation,
        "form": form,
        "grants": selectors.authorisations_of(organisation)[:200],
    }
    return render(request, "web/account/agents.html", context)


@login_required
@require_POST
def revoke_agent(request: HttpRequest, uscc: str, grant_id: int) -> HttpResponse:
    person, organisation = _represented(request, uscc)
    grant = selectors.authorisations_of(organisation).filter(pk=grant_id).first()
    if grant is None:
        raise Http404
    try:
        services.revoke_agent(grant, by=person, ip_address=client_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已撤销该经办人的授权。"))
    return redirect("web:agents", uscc=organisation.uscc)


@login_required
@require_http_methods(["GET", "POST"])
def in_person_check(request: HttpRequest) -> HttpResponse:
    """窗口现场核验: a window clerk raises a person to strong real-name after seeing them and
    their ID card. Anyone else gets "not found", like the rest of the workbench."""
    official = selectors.official_of(request.user)
    if official is None:
        raise Http404
    form = InPersonCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.find_registered_person(data["real_name"], data["id_number"])
            services.confirm_in_person(person, clerk=official, ip_address=client_ip(request))
        except DomainError as error:
            form.show_domain_error(error)
        else:
            messages.success(request, _("已确认为强实名：%(name)s。") % {"name": person.real_name})
            return redirect("web:in_person_check")
    return render(request, "web/account/in_person_check.html", {"form": form})

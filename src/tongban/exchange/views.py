"""Portal pages of the exchange: 「谁查看了我的数据」, the exchange log about the signed-in
person, and 免提交, fetching a draft's materials from licences and shared data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongban.accounts import selectors as accounts
from tongban.cases import selectors as cases
from tongban.cases import services as case_services
from tongban.core.errors import DomainError, NotFound
from tongban.core.http import client_ip
from tongban.exchange import selectors, services
from tongban.exchange.models import Outcome

PAGE_SIZE = 20


def _after(request: HttpRequest) -> int | None:
    value = request.GET.get("after", "")
    return int(value) if value.isdigit() else None


@login_required
def data_access(request: HttpRequest) -> HttpResponse:
    person = accounts.person_of(request.user)
    if person is None:
        raise Http404(_("只有实名注册的个人可以查看。"))
    entries = selectors.access_log_about(person)
    after = _after(request)
    if after:
        entries = entries.filter(id__lt=after)
    page = list(entries[: PAGE_SIZE + 1])
    next_after = page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None
    return render(
        request,
        "exchange/data_access.html",
        {"entries": page[:PAGE_SIZE], "next_after": next_after},
    )


def _own_case(person, number: str):
    try:
        return cases.case_for_person(person, number)
    except NotFound as missing:
        raise Http404(missing.message) from None


@login_required
def reuse(request: HttpRequest, number: str) -> HttpResponse:
    """免提交: the draft's materials a licence or shared data can stand in for; with the
    applicant's consent they are fetched and attached, and the draft page says what came of
    each. Whatever could not be fetched stays to upload there."""
    person = accounts.person_of(request.user)
    if person is None:
        raise Http404(_("只有实名注册的个人可以查看。"))
    case = _own_case(person, number)
    back = reverse("web:application", args=[case.number])
    try:
        offered = services.reusable_materials(case)
    except DomainError:
        offered = []
    error = ""
    if request.method == "POST":
        chosen = request.POST.getlist("datasets")
        if not chosen:
            error = _("请选择要获取的材料。")
        else:
            applicant = case_services.Applicant(person, case.organisation)
            try:
                reused = services.reuse_materials(
                    case,
                    applicant,
                    chosen,
                    client_ip(request),
                    consent=request.POST.get("consent") == "yes",
                )
            except DomainError as refused:
                error = refused.message
            else:
                for result in reused:
                    text = f"{result.name}：{result.message}"
                    if result.outcome == Outcome.OK:
                        messages.success(request, text)
                    else:
                        messages.warning(request, text)
                return redirect(back)
    names = selectors.datasets_by_code(sorted({m.source_ref for m in offered}))
    rows = [(m, names.get(m.source_ref)) for m in offered]
    return render(
        request,
        "exchange/reuse.html",
        {"case": case, "rows": rows, "error": error, "back": back},
        status=400 if error else 200,
    )

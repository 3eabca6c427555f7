"""The portal page 「谁查看了我的数据」: the exchange log about the signed-in person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongban.accounts import selectors as accounts
from tongban.exchange import selectors

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

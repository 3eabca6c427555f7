"""What a locked-out sign-in gets back (django-axes' AXES_LOCKOUT_CALLABLE): the API's JSON
error for /api/ requests, the lockout page for everything else."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongban.api.errors import error_body

LOCKED_STATUS = 429


def lockout_response(
    request: HttpRequest, response: HttpResponse, credentials: Any
) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = error_body("locked_out", _("登录失败次数过多，账户已暂时锁定，请稍后再试。"))
        return JsonResponse(body, status=LOCKED_STATUS, json_dumps_params={"ensure_ascii": False})
    return render(request, "web/lockout.html", status=LOCKED_STATUS)

"""The one place where errors become the JSON of DESIGN.md:
``{"error": {"code": "...", "message": "...", "fields": {...}}}`` with the right status."""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from tongban.core import validation
from tongban.core.errors import DomainError

logger = logging.getLogger(__name__)

# Errors django-ninja raises itself (e.g. an unparsable body), told in the user's language.
STATUS_MESSAGES = {
    400: "请求内容无法解析，请发送有效的 JSON。",
    401: "请先登录，或登录已过期。",
    403: "没有权限执行此操作。",
    404: "未找到。",
    405: "不支持该请求方法。",
    413: "请求内容过大。",
}


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


REQUEST_PARTS = frozenset({"body", "query", "path", "form"})


def _request_fields(errors: list[dict[str, Any]]) -> dict[str, str]:
    """ninja locates a body field as ("body", "payload", "id_number"): keep "id_number"."""
    located = []
    for error in errors:
        location = list(error.get("loc", ()))
        if location and location[0] in REQUEST_PARTS:
            drop = 2 if location[0] == "body" and len(location) > 2 else 1
            location = location[drop:]
        located.append({**error, "loc": location})
    return validation.describe(located)


def install(api: NinjaAPI) -> None:
    """Register every handler on ``api``."""

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, {"error": exc.as_dict()}, status=exc.status)

    @api.exception_handler(ValidationError)
    def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        body = error_body(
            "invalid_request", _("请求数据不完整或格式不正确。"), _request_fields(exc.errors)
        )
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = error_body("not_authenticated", _("请先登录，或登录已过期。"))
        return api.create_response(request, body, status=401)

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        body = error_body("too_many_requests", _("请求过于频繁，请稍后再试。"))
        return api.create_response(request, body, status=429)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("not_found", _("未找到。")), status=404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = STATUS_MESSAGES.get(exc.status_code, "请求无法处理。")
        body = error_body(f"http_{exc.status_code}", _(message))
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled error in %s %s", request.method, request.path)
        body = error_body("internal_error", _("系统内部错误，已记录，请稍后再试。"))
        return api.create_response(request, body, status=500)

"""The JSON API (v1): one NinjaAPI, one router per resource, OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI

from tongban.api import accounts, applications, errors, exchange, items, licences, organisations

api = NinjaAPI(
    title="通办 Tongban API",
    version="1",
    description='互联网+政务服务平台接口。错误统一为 {"error": {"code", "message", "fields"}}。',
    urls_namespace="api-v1",
    docs_url="/docs",
)
errors.install(api)
api.add_router("", accounts.router)
api.add_router("/organisations", organisations.router)
api.add_router("/items", items.router)
api.add_router("/applications", applications.router)
api.add_router("/tasks", applications.tasks_router)
api.add_router("/licences", licences.router)
api.add_router("", exchange.router)

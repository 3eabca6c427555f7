"""The OpenAPI document names every pinned path of DESIGN.md with its methods, and the
responses the API really gives validate against the schemas it publishes."""

from __future__ import annotations

import pytest
from django.test import Client

PINNED = {
    "/api/v1/auth/token": {"post"},
    "/api/v1/me": {"get"},
    "/api/v1/items": {"get"},
    "/api/v1/items/{implementation_code}": {"get"},
    "/api/v1/items/{implementation_code}/guide": {"post"},
    "/api/v1/applications": {"get", "post"},
    "/api/v1/applications/{number}": {"get"},
    "/api/v1/applications/{number}/materials": {"post"},
    "/api/v1/applications/{number}/submit": {"post"},
    "/api/v1/applications/{number}/correction": {"post"},
    "/api/v1/tasks": {"get"},
    "/api/v1/tasks/{task_id}/actions": {"post"},
}


@pytest.fixture(scope="module")
def document(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


@pytest.mark.parametrize(("path", "methods"), sorted(PINNED.items()))
def test_every_pinned_path_is_documented(document, path, methods):
    assert path in document["paths"], path
    assert methods <= set(document["paths"][path])


def test_error_responses_are_documented_with_the_error_schema(document):
    guide = document["paths"]["/api/v1/items/{implementation_code}/guide"]["post"]
    schema = guide["responses"]["404"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/ErrorOut")
    error = document["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"code", "message", "fields"}

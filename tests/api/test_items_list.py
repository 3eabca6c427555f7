"""GET /api/v1/items: search the catalogue over HTTP — filters, pages, highlighted names, and
bad parameters answered with a 400 in Chinese."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.catalog.conftest import CATERING, food_licence_line, load, simple_line
from tongban.core.models import Department
from tongban.demo import seeding

pytestmark = pytest.mark.django_db


@pytest.fixture
def market_regulator(db) -> Department:
    seeding.departments_of(seeding.regions())
    return Department.objects.get(region__code="370100", kind="scjg")


@pytest.fixture
def catalogue(market_regulator) -> None:
    health = Department.objects.get(region__code="370100", kind="wjw")
    load(
        CATERING,
        food_licence_line(market_regulator, popularity=500),
        simple_line(health, "900000000001", "出生医学证明办理", online_depth=4, popularity=900),
        simple_line(
            health, "900000000002", "医疗机构<执业>登记", audience="organisation", item_type="01"
        ),
    )


def get(client: Client, **params: object):
    return client.get("/api/v1/items", params)


def test_a_search_returns_entries_with_the_matched_words_marked(client, catalogue):
    response = get(client, q="食品经营")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["total"], body["total_capped"], body["page"], body["has_next"]) == (
        1,
        False,
        1,
        False,
    )
    item = body["items"][0]
    assert item["name"] == "食品经营许可"
    assert "<mark>" in item["name_highlighted"]
    assert "食品" in item["matched_terms"]
    assert item["item_type"] == {"code": "01", "label": "行政许可"}
    assert item["audience"]["code"] == "both"
    assert item["department"]["name"] == "济南市市场监督管理局"
    assert item["region"]["code"] == "370100"
    assert (item["promised_limit"], item["limit_unit"]["code"]) == (10, "G")
    assert item["online_depth"]["code"] == "4"
    assert (item["is_free"], item["visits"]) == (True, 0)
    assert item["implementation_code"].endswith(item["basic_code"])


def test_without_a_query_the_most_popular_come_first_and_empty_filters_are_ignored(
    client, catalogue
):
    response = get(client, q="", audience="", department="", region="", type="", online="")
    assert [i["name"] for i in response.json()["items"]] == [
        "出生医学证明办理",
        "食品经营许可",
        "医疗机构<执业>登记",
    ]


def test_filters_narrow_the_list(client, catalogue, market_regulator):
    def names(**params: object) -> list[str]:
        return [i["name"] for i in get(client, **params).json()["items"]]

    assert names(audience="organisation") == ["食品经营许可", "医疗机构<执业>登记"]
    assert names(department=market_regulator.uscc) == ["食品经营许可"]
    assert names(type="01", audience="person") == ["食品经营许可"]
    assert names(online="true") == ["出生医学证明办理", "食品经营许可"]
    assert names(region="370200") == []


def test_a_highlighted_name_is_html_escaped(client, catalogue):
    item = get(client, q="执业").json()["items"][0]
    assert item["name"] == "医疗机构<执业>登记"
    assert item["name_highlighted"] == "医疗机构&lt;<mark>执业</mark>&gt;登记"


def test_pages_and_has_next(client, catalogue):
    first = get(client, page_size=2).json()
    second = get(client, page_size=2, page=2).json()
    assert (len(first["items"]), first["has_next"]) == (2, True)
    assert (len(second["items"]), second["has_next"], second["page"]) == (1, False, 2)
    assert first["total"] == second["total"] == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": "999999"}, "region"),
        ({"page": 0}, "page"),
        ({"page_size": 500}, "page_size"),
        ({"audience": "robot"}, "audience"),
        ({"type": "99"}, "type"),
        ({"department": "91370100MA3C00000X"}, "department"),
    ],
)
def test_bad_filters_are_a_400_in_chinese(client, catalogue, params, field):
    response = get(client, q="证明", **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_search"
    assert error["message"] == "搜索条件有误，请检查后重试。"
    assert list(error["fields"]) == [field]


def test_an_entry_still_has_its_own_address(client, catalogue):
    code = get(client, q="出生医学证明").json()["items"][0]["implementation_code"]
    response = client.get(f"/api/v1/items/{code}")
    assert response.status_code == 200
    assert response.json()["name"] == "出生医学证明办理"


def test_the_search_is_described_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    parameters = {p["name"] for p in paths["/api/v1/items"]["get"]["parameters"]}
    assert {"q", "audience", "department", "region", "type", "online", "page"} <= parameters

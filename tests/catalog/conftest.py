"""A real catalogue entry, loaded through the importer: 食品经营许可 with situational questions;
small entries for search tests."""

from __future__ import annotations

import json

import pytest

from tongban.catalog import importer
from tongban.catalog.models import Implementation
from tongban.core.models import Department
from tongban.demo import seeding

BASIC_CODE = "000117002000"


def food_licence_line(owner: Department, **changes: object) -> dict:
    entry = {
        "item": {
            "basic_code": BASIC_CODE,
            "name": "食品经营许可",
            "type": "01",
            "audience": "both",
            "basis": "《中华人民共和国食品安全法》第三十五条",
            "keywords": ["开饭店", "开餐馆"],
            "life_events": ["catering"],
        },
        "code": f"{owner.uscc}3{BASIC_CODE}",
        "department": owner.uscc,
        "region": owner.region.code,
        "level": 3,
        "case_type": "2",
        "statutory_limit": 20,
        "promised_limit": 10,
        "online_depth": 4,
        "visits": 0,
        "conditions": "有与经营的食品品种、数量相适应的经营场所。",
        "place": "政务服务中心综合窗口",
        "hours": "工作日 9:00-17:00",
        "phone": "0531-12345",
        "result": {"name": "食品经营许可证", "licence": True},
        "questions": [
            {
                "code": "venue",
                "text": "经营场所是自有还是租赁？",
                "options": [{"code": "own", "label": "自有"}, {"code": "rented", "label": "租赁"}],
            },
            {
                "code": "scope",
                "text": "经营项目",
                "kind": "multiple",
                "options": [
                    {"code": "hot_food", "label": "热食类食品制售"},
                    {"code": "prepackaged", "label": "预包装食品销售"},
                ],
            },
            {
                "code": "kitchen",
                "text": "厨房面积是否超过 50 平方米？",
                "condition": '"hot_food" in answers.scope',
                "options": [{"code": "yes", "label": "是"}, {"code": "no", "label": "否"}],
            },
        ],
        "materials": [
            {"code": "application", "name": "食品经营许可申请书", "why": "申请人签字的申请书。"},
            {
                "code": "licence",
                "name": "营业执照",
                "source": "licence",
                "source_ref": "yyzz",
                "condition": 'applicant.type == "organisation"',
            },
            {"code": "lease", "name": "经营场所租赁合同", "condition": 'answers.venue == "rented"'},
            {
                "code": "property",
                "name": "不动产权证书",
                "source": "dataset",
                "source_ref": "bdc",
                "condition": 'answers.venue == "own"',
            },
            {
                "code": "layout",
                "name": "经营场所平面图和设备布局图",
                "condition": '"hot_food" in answers.scope',
            },
            {
                "code": "ventilation",
                "name": "排烟设施说明",
                "condition": '"hot_food" in answers.scope && answers.kitchen == "yes"',
            },
        ],
        "fees": [],
    }
    entry.update(changes)
    return {"implementation": entry}


def simple_line(
    owner: Department,
    basic_code: str,
    name: str,
    *,
    keywords: tuple[str, ...] = (),
    result: str = "",
    audience: str = "person",
    item_type: str = "20",
    region: str | None = None,
    online_depth: int = 3,
    popularity: int = 0,
    active: bool = True,
) -> dict:
    """A catalogue entry with only what search looks at varied; the rest is plausible filler."""
    return {
        "implementation": {
            "item": {
                "basic_code": basic_code,
                "name": name,
                "type": item_type,
                "audience": audience,
                "basis": "《测试依据》",
                "keywords": list(keywords),
            },
            "code": f"{owner.uscc}3{basic_code}",
            "department": owner.uscc,
            "region": region or owner.region.code,
            "level": 3,
            "case_type": "1",
            "statutory_limit": 5,
            "promised_limit": 1,
            "online_depth": online_depth,
            "visits": 0,
            "conditions": "符合条件的申请人。",
            "place": "政务服务中心",
            "hours": "工作日 9:00-17:00",
            "phone": "12345",
            "result": {"name": result or name},
            "popularity": popularity,
            "active": active,
        }
    }


CATERING = {"life_event": {"code": "catering", "name": "餐饮住宿", "audience": "both"}}


def load(*lines: dict) -> importer.ImportReport:
    return importer.import_catalogue(json.dumps(line, ensure_ascii=False) for line in lines)


@pytest.fixture
def demo_departments(db) -> None:
    seeding.departments_of(seeding.regions())


@pytest.fixture
def market_regulator(demo_departments) -> Department:
    return Department.objects.get(region__code="370100", kind="scjg")


@pytest.fixture
def food_licence(market_regulator) -> Implementation:
    load(CATERING, food_licence_line(market_regulator))
    return Implementation.objects.get(item__basic_code=BASIC_CODE)

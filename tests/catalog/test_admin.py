"""The catalogue administrator's screens refuse what the importer refuses."""

from __future__ import annotations

import pytest
from django.test import Client

from tongban.accounts.models import User
from tongban.catalog.models import Material, Question
from tongban.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db) -> Client:
    user = User.objects.create_superuser(username="root", full_name="管理员", password="x-Pass-123")
    client = Client()
    client.force_login(user)
    return client


def implementation_form(entry, **changes) -> dict:
    data = {
        "item": entry.item_id,
        "code": entry.code,
        "local_code": "",
        "department": entry.department_id,
        "region": entry.region_id,
        "exercise_level": entry.exercise_level,
        "case_type": entry.case_type,
        "statutory_limit": entry.statutory_limit,
        "promised_limit": entry.promised_limit,
        "limit_unit": entry.limit_unit,
        "limit_note": "",
        "online_depth": entry.online_depth,
        "visits": entry.visits,
        "conditions": entry.conditions,
        "place": entry.place,
        "hours": entry.hours,
        "phone": entry.phone,
        "supervision_phone": "",
        "result_name": entry.result_name,
        "result_is_licence": "on",
        "process_key": "",
        "popularity": 0,
        "is_active": "on",
    }
    inline_fields = {
        "fees": ("name", "standard", "basis"),
        "questions": ("order", "code", "text", "kind"),
        "materials": (
            "order",
            "code",
            "name",
            "why",
            "issuer",
            "form",
            "copies",
            "medium",
            "source",
            "source_ref",
            "condition",
        ),
    }
    for prefix, names in inline_fields.items():
        rows = list(getattr(entry, prefix).all())
        data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-implementation"] = entry.pk
            data |= {f"{prefix}-{index}-{name}": getattr(row, name) for name in names}
    data.update(changes)
    return data


def test_promised_limit_above_statutory_is_refused(admin_client, food_licence):
    url = f"/admin/catalog/implementation/{food_licence.pk}/change/"
    response = admin_client.post(url, implementation_form(food_licence, promised_limit=30))
    assert response.status_code == 200
    assert "承诺办结时限不能超过法定办结时限" in response.content.decode()
    food_licence.refresh_from_db()
    assert food_licence.promised_limit == 10


def test_a_material_condition_naming_an_unknown_option_is_refused(admin_client, food_licence):
    lease = Material.objects.get(code="lease")
    index = list(food_licence.materials.all()).index(lease)
    url = f"/admin/catalog/implementation/{food_licence.pk}/change/"
    data = implementation_form(
        food_licence, **{f"materials-{index}-condition": 'answers.venue == "castle"'}
    )
    response = admin_client.post(url, data)
    assert "没有选项“castle”" in response.content.decode()
    assert Material.objects.get(code="lease").condition == 'answers.venue == "rented"'


def test_a_good_change_is_saved_reindexed_and_audited(admin_client, food_licence):
    url = f"/admin/catalog/implementation/{food_licence.pk}/change/"
    response = admin_client.post(url, implementation_form(food_licence, promised_limit=7))
    assert response.status_code == 302, response.content.decode()[:3000]
    food_licence.refresh_from_db()
    assert food_licence.promised_limit == 7
    assert AuditEntry.objects.filter(
        action="catalog.implementation_updated", object_id=str(food_licence.pk)
    ).exists()


def test_a_question_may_not_depend_on_a_later_one(admin_client, food_licence):
    venue = Question.objects.get(code="venue")
    url = f"/admin/catalog/question/{venue.pk}/change/"
    options = list(venue.options.all())
    data = {
        "implementation": food_licence.pk,
        "code": "venue",
        "text": venue.text,
        "help_text": "",
        "kind": "single",
        "order": venue.order,
        "condition": '"hot_food" in answers.scope',
        "options-TOTAL_FORMS": str(len(options)),
        "options-INITIAL_FORMS": str(len(options)),
        "options-MIN_NUM_FORMS": "2",
        "options-MAX_NUM_FORMS": "1000",
    }
    for index, option in enumerate(options):
        data |= {
            f"options-{index}-id": option.pk,
            f"options-{index}-question": venue.pk,
            f"options-{index}-code": option.code,
            f"options-{index}-label": option.label,
            f"options-{index}-order": option.order,
        }
    response = admin_client.post(url, data)
    assert "不存在的问题“scope”" in response.content.decode()
    assert Question.objects.get(code="venue").condition == ""

"""The core maintenance screens, through the real admin views."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.factories import DepartmentFactory, city, county, uscc
from tongban.core import audit
from tongban.core.models import AuditEntry, Department, HolidayDay, HolidayYear
from tongban.core.services import load_holiday_year

pytestmark = pytest.mark.django_db


def schedule_form(year: int, notice: str, rows: list[tuple[str, str, str]], **extra: str) -> dict:
    """The POST of the holiday-year page: the year and its inline day rows."""
    data = {
        "year": str(year),
        "notice": notice,
        "days-TOTAL_FORMS": str(len(rows)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "1",
        "days-MAX_NUM_FORMS": "1000",
    }
    for index, (day, kind, name) in enumerate(rows):
        data |= {f"days-{index}-date": day, f"days-{index}-kind": kind, f"days-{index}-name": name}
    return data | extra


def listed(response: HttpResponse, field: str = "code") -> list[str]:
    return [getattr(row, field) for row in response.context["cl"].result_list]


def department_form(**values: str) -> dict:
    return {
        "uscc": uscc(),
        "name": "济南市市场监督管理局",
        "short_name": "市场监管局",
        "region": str(city().pk),
        "kind": "scjg",
        "is_active": "on",
    } | values


class TestRegions:
    def test_regions_are_searched_by_code_and_filtered_by_level(self, admin_client: Client) -> None:
        county()
        url = reverse("admin:core_region_changelist")

        by_code = admin_client.get(url, {"q": "370102"})
        by_level = admin_client.get(url, {"level__exact": "2"})

        assert listed(by_code) == ["370102"]
        assert listed(by_level) == ["370100"]


class TestDepartments:
    def test_a_bad_uscc_is_refused_with_the_rules_chinese_message(
        self, admin_client: Client
    ) -> None:
        response = admin_client.post(
            reverse("admin:core_department_add"), department_form(uscc="91110000600037341M")
        )

        assert response.status_code == 200
        assert response.context["adminform"].form.errors["uscc"] == [
            "统一社会信用代码校验位不正确，请核对后重新输入。"
        ]
        assert not Department.objects.exists()

    def test_a_lowercase_uscc_is_stored_uppercased(self, admin_client: Client) -> None:
        response = admin_client.post(
            reverse("admin:core_department_add"), department_form(uscc="91110000600037341l")
        )

        assert response.status_code == 302
        assert Department.objects.get().uscc == "91110000600037341L"

    def test_the_list_filters_by_region(self, admin_client: Client) -> None:
        DepartmentFactory(name="济南市民政局", region=city())
        DepartmentFactory(name="青岛市民政局", region=city("370200", "青岛市"))

        response = admin_client.get(
            reverse("admin:core_department_changelist"), {"region__id__exact": city().pk}
        )

        assert listed(response, "name") == ["济南市民政局"]


class TestHolidayYears:
    ROWS_2027 = [("2027-01-01", "holiday", "元旦"), ("2027-02-20", "workday", "春节")]

    def test_adding_a_year_goes_through_the_service(self, admin_client: Client) -> None:
        response = admin_client.post(
            reverse("admin:core_holidayyear_add"), schedule_form(2027, "国办发明电", self.ROWS_2027)
        )

        assert response.status_code == 302
        year = HolidayYear.objects.get()
        assert list(year.days.values_list("date", "kind")) == [
            (dt.date(2027, 1, 1), "holiday"),
            (dt.date(2027, 2, 20), "workday"),
        ]
        entry = AuditEntry.objects.get(action="calendar.year_loaded")
        assert entry.actor_label == "admin"
        assert entry.object_id == str(year.pk)

    def test_a_weekday_make_up_day_is_refused_on_its_row(self, admin_client: Client) -> None:
        rows = [("2027-01-01", "holiday", "元旦"), ("2027-02-22", "workday", "春节")]

        response = admin_client.post(
            reverse("admin:core_holidayyear_add"), schedule_form(2027, "国办发明电", rows)
        )

        assert response.status_code == 200
        formset = response.context["inline_admin_formsets"][0].formset
        assert formset.forms[0].errors == {}
        assert "周一" in str(formset.forms[1].non_field_errors())
        assert not HolidayYear.objects.exists()

    def test_a_day_outside_the_year_is_refused(self, admin_client: Client) -> None:
        rows = [("2026-12-31", "holiday", "元旦")]

        response = admin_client.post(
            reverse("admin:core_holidayyear_add"), schedule_form(2027, "国办发明电", rows)
        )

        assert "不在 2027 年内" in response.text
        assert not HolidayYear.objects.exists()

    def test_a_year_needs_at_least_one_day(self, admin_client: Client) -> None:
        response = admin_client.post(
            reverse("admin:core_holidayyear_add"), schedule_form(2027, "国办发明电", [])
        )

        formset = response.context["inline_admin_formsets"][0].formset
        assert "至少" in str(formset.non_form_errors())
        assert not HolidayYear.objects.exists()

    def test_editing_a_year_replaces_its_days(self, admin_client: Client) -> None:
        year = load_holiday_year(
            2027, "第一版", [(dt.date(2027, 1, 1), "holiday", "元旦")], audit.SYSTEM
        )
        day = year.days.get()
        data = schedule_form(
            2027,
            "第二版",
            [("2027-01-01", "holiday", "元旦"), ("2027-02-08", "holiday", "春节")],
        ) | {"days-INITIAL_FORMS": "1", "days-0-id": str(day.pk), "days-0-year": str(year.pk)}

        response = admin_client.post(reverse("admin:core_holidayyear_change", args=[year.pk]), data)

        assert response.status_code == 302
        assert HolidayYear.objects.get().notice == "第二版"
        assert HolidayDay.objects.count() == 2
        assert AuditEntry.objects.filter(action="calendar.year_loaded").count() == 2

    def test_a_loaded_year_cannot_be_deleted_or_renumbered(self, admin_client: Client) -> None:
        year = load_holiday_year(
            2027, "第一版", [(dt.date(2027, 1, 1), "holiday", "元旦")], audit.SYSTEM
        )

        page = admin_client.get(reverse("admin:core_holidayyear_change", args=[year.pk]))
        delete = admin_client.get(reverse("admin:core_holidayyear_delete", args=[year.pk]))

        assert 'name="year"' not in page.text
        assert delete.status_code == 403


class TestAuditLog:
    def test_entries_are_listed_and_searched_by_object(self, admin_client: Client) -> None:
        audit.record("test.first", ("tests.thing", "41"))
        audit.record("test.second", ("tests.thing", "42"))

        response = admin_client.get(reverse("admin:core_auditentry_changelist"), {"q": "42"})

        assert listed(response, "action") == ["test.second"]

    def test_entries_are_searched_by_action_prefix(self, admin_client: Client) -> None:
        audit.record("calendar.year_loaded", ("core.holidayyear", "1"))
        audit.record("test.other", ("tests.thing", "1"))

        response = admin_client.get(reverse("admin:core_auditentry_changelist"), {"q": "calendar."})

        assert listed(response, "action") == ["calendar.year_loaded"]

    def test_an_entry_can_be_viewed_but_not_added_changed_or_deleted(
        self, admin_client: Client
    ) -> None:
        entry = audit.record("test.done", ("tests.thing", "1"))
        change_url = reverse("admin:core_auditentry_change", args=[entry.pk])

        view = admin_client.get(change_url)
        posted = admin_client.post(change_url, {"action": "test.rewritten"})
        added = admin_client.get(reverse("admin:core_auditentry_add"))
        deleted = admin_client.post(
            reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        )

        assert view.status_code == 200
        assert 'name="_save"' not in view.text
        assert posted.status_code == 403
        assert added.status_code == 403
        assert deleted.status_code == 403
        entry.refresh_from_db()
        assert entry.action == "test.done"
        assert audit.verify().ok

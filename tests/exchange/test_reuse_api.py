"""免提交 through the HTTP API: consent, reuse, fallback to upload, submission, and the data
subject's view of who looked at their data."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.cases.test_applications_api import client_for, draft, upload
from tests.exchange.conftest import OWN_PACKAGED
from tests.factories import make_person
from tongban.cases.models import CaseMaterial
from tongban.exchange import services
from tongban.exchange.models import ExchangeLog

pytestmark = pytest.mark.django_db


def reuse(client, number: str, datasets: list[str], consent: bool = True):
    return client.post(
        f"/api/v1/applications/{number}/reuse",
        {"datasets": datasets, "consent": consent},
        content_type="application/json",
    )


def test_reused_material_counts_and_the_case_submits(providers, food_entry, zhang_wei):
    client = client_for(zhang_wei.mobile)
    number = draft(client, food_entry, answers=OWN_PACKAGED)["number"]
    response = reuse(client, number, ["bdc"])
    assert response.status_code == 200, response.json()
    body = response.json()
    [reused] = body["materials"]
    assert (reused["material"]["code"], reused["outcome"]) == ("property", "ok")
    assert reused["source"] == "dataset"
    assert "无需上传" in reused["message"]
    assert [m["code"] for m in body["still_missing"]] == ["application"]
    stored = CaseMaterial.objects.get(case__number=number, code="property")
    assert (stored.source, stored.sha256) == ("dataset", reused["sha256"])
    assert stored.file.open("rb").read(5) == b"%PDF-"
    assert upload(client, number, "application").status_code == 201
    submitted = client.post(f"/api/v1/applications/{number}/submit")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"]["code"] == "intake"


def test_reuse_needs_consent(providers, food_entry, zhang_wei):
    client = client_for(zhang_wei.mobile)
    number = draft(client, food_entry, answers=OWN_PACKAGED)["number"]
    response = reuse(client, number, ["bdc"], consent=False)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "consent_required")
    assert not ExchangeLog.objects.exists()


def test_provider_down_leaves_the_material_to_upload_and_the_case_still_submits(
    providers_down, food_entry, zhang_wei
):
    client = client_for(zhang_wei.mobile)
    number = draft(client, food_entry, answers=OWN_PACKAGED)["number"]
    [told] = reuse(client, number, ["bdc"]).json()["materials"]
    assert told["outcome"] == "provider_down"
    assert "暂时无法访问" in told["message"]
    assert "请上传该材料" in told["message"]
    blocked = client.post(f"/api/v1/applications/{number}/submit")
    assert blocked.json()["error"]["code"] == "materials_missing"
    for code in ("application", "property"):
        assert upload(client, number, code).status_code == 201
    assert client.post(f"/api/v1/applications/{number}/submit").json()["status"]["code"] == (
        "intake"
    )
    assert CaseMaterial.objects.get(case__number=number, code="property").source == "upload"


def test_no_record_tells_the_applicant_to_upload(providers, food_entry):
    stranger = make_person(real_name="周八")
    client = client_for(stranger.mobile)
    number = draft(client, food_entry, answers=OWN_PACKAGED)["number"]
    [told] = reuse(client, number, ["bdc"]).json()["materials"]
    assert told["outcome"] == "no_record"
    assert "没有查到" in told["message"]


def test_i_see_who_looked_at_my_data_and_nobody_elses(
    providers, food_entry, officials, city, zhang_wei
):
    client = client_for(zhang_wei.mobile)
    number = draft(client, food_entry, answers=OWN_PACKAGED)["number"]
    reuse(client, number, ["bdc"])
    upload(client, number, "application")
    client.post(f"/api/v1/applications/{number}/submit")
    case = zhang_wei.cases.get(number=number)
    services.query("bdc", case, officials["clerk"].user, "受理审查")
    other = make_person(real_name="吴九")
    other_number = draft(client_for(other.mobile), food_entry, answers=OWN_PACKAGED)["number"]
    reuse(client_for(other.mobile), other_number, ["bdc"])

    mine = client.get("/api/v1/me/data-access").json()["items"]
    assert [(e["requester"], e["department"], e["case"]) for e in mine] == [
        ("部门工作人员", city["zwfw"].name, number),
        ("申请人本人", "", number),
    ]
    assert mine[0]["purpose"] == "受理审查"
    assert mine[0]["outcome"]["code"] == "ok"
    theirs = client_for(other.mobile).get("/api/v1/me/data-access").json()["items"]
    assert [e["case"] for e in theirs] == [other_number]


def test_the_portal_page_lists_who_looked_at_my_data(providers, food_entry, zhang_wei):
    client = client_for(zhang_wei.mobile)
    number = draft(client, food_entry, answers=OWN_PACKAGED)["number"]
    reuse(client, number, ["bdc"])
    page = Client()
    page.force_login(zhang_wei.user)
    html = page.get("/my/data-access/").content.decode()
    assert "谁查看了我的数据" in html
    assert number in html
    assert "不动产权属" in html
    assert "申请人本人" in html

"""An application through the real HTTP stack: draft, upload, submit, one correction notice,
acceptance, parallel review, decision and issuance, with every notice a PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.api.test_auth import token_for
from tests.factories import make_person, totp_code, uscc
from tongban.accounts import services as accounts
from tongban.accounts.models import User
from tongban.cases.models import Case, CaseMaterial

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%test material\n"
RENTED_PACKAGED = {"venue": "rented", "scope": ["prepackaged"]}


def client_for(username: str) -> Client:
    """A signed-in API client; officials also give their second factor."""
    official = User.objects.filter(username=username, official__isnull=False).first()
    client = Client()
    otp = totp_code(official) if official else None
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(client, username, otp=otp)}"
    return client


@pytest.fixture
def citizen():
    return make_person(real_name="张伟")


def draft(client: Client, entry, answers=RENTED_PACKAGED, **extra) -> dict:
    body = {"item": entry.code, "answers": answers, "form": {"shop_name": "张记小吃"}, **extra}
    response = client.post("/api/v1/applications", body, content_type="application/json")
    assert response.status_code in (200, 201), response.json()
    return response.json()


def upload(client: Client, number: str, code: str, content: bytes = PDF, name="a.pdf"):
    return client.post(
        f"/api/v1/applications/{number}/materials",
        {"material": code, "file": SimpleUploadedFile(name, content)},
    )


def act(username: str, number: str, action: str, **body) -> dict:
    client = client_for(username)
    tasks = client.get("/api/v1/tasks").json()["items"]
    task = next(t for t in tasks if t["number"] == number)
    response = client.post(
        f"/api/v1/tasks/{task['id']}/actions",
        {"action": action, **body},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_whole_journey_with_one_correction(food_entry, officials, citizen):
    client = client_for(citizen.mobile)
    case = draft(client, food_entry)
    number = case["number"]
    assert number.startswith(food_entry.code + timezone.localdate().strftime("%Y%m%d"))
    assert case["status"]["code"] == "draft"
    for code in ("application", "lease"):
        assert upload(client, number, code).status_code == 201
    submitted = client.post(f"/api/v1/applications/{number}/submit").json()
    assert submitted["status"]["code"] == "intake"
    assert submitted["open_tasks"][0]["department"].endswith("政务服务中心")

    missing = [{"material": "lease", "reason": "租赁合同未盖出租方印章"}]
    act(
        officials["clerk"].user.username,
        number,
        "request_correction",
        opinion="材料不合格",
        missing=missing,
    )
    mine = client.get(f"/api/v1/applications/{number}").json()
    assert mine["status"]["code"] == "correction"
    assert mine["correction"] == missing
    assert [d["kind"]["code"] for d in mine["documents"]] == ["correction"]
    refused = client.post(f"/api/v1/applications/{number}/correction")
    assert refused.status_code == 400
    assert upload(client, number, "lease", PDF + b"signed").status_code == 201
    assert client.post(f"/api/v1/applications/{number}/correction").status_code == 200

    act(officials["clerk"].user.username, number, "accept")
    for name in ("scjg", "wjw", "xf"):
        act(officials[name].user.username, number, "approve", opinion="符合要求")
    act(officials["scjg"].user.username, number, "approve", opinion="准予许可")
    final = act(officials["scjg"].user.username, number, "issue")
    assert final["status"]["code"] == "completed"

    done = client.get(f"/api/v1/applications/{number}").json()
    kinds = [d["kind"]["code"] for d in done["documents"]]
    assert kinds == ["correction", "acceptance", "approval"]
    assert [e["kind"] for e in done["timeline"]][:4] == [
        "submitted",
        "correction_requested",
        "resubmitted",
        "accepted",
    ]
    assert all(e["department"] != officials["clerk"].user.full_name for e in done["timeline"])
    pdf = client.get(done["documents"][1]["url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert CaseMaterial.objects.filter(code="lease").count() == 2  # the first one is kept


def test_submitting_twice_is_harmless_and_an_idempotency_key_gives_the_same_draft(
    food_entry, officials, citizen
):
    client = client_for(citizen.mobile)
    headers = {"Idempotency-Key": "order-77"}
    body = {"item": food_entry.code, "answers": RENTED_PACKAGED}
    one = client.post(
        "/api/v1/applications", body, content_type="application/json", headers=headers
    )
    two = client.post(
        "/api/v1/applications", body, content_type="application/json", headers=headers
    )
    assert (one.status_code, two.status_code) == (201, 200)
    assert one.json()["number"] == two.json()["number"]
    number = one.json()["number"]
    for code in ("application", "lease"):
        upload(client, number, code)
    assert client.post(f"/api/v1/applications/{number}/submit").status_code == 200
    assert client.post(f"/api/v1/applications/{number}/submit").status_code == 200
    assert Case.objects.get(number=number).process.tasks.count() == 1


@pytest.mark.parametrize(
    ("code", "content", "name", "status"),
    [
        ("lease", b"MZ\x90\x00 not a document", "virus.exe", 415),
        ("spaceship", PDF, "a.pdf", 400),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_kept(
    food_entry, citizen, code, content, name, status
):
    client = client_for(citizen.mobile)
    number = draft(client, food_entry)["number"]
    response = upload(client, number, code, content, name)
    assert response.status_code == status
    assert "message" in response.json()["error"]
    assert not CaseMaterial.objects.exists()


def test_a_file_over_the_limit_is_refused(food_entry, citizen, settings):
    settings.TONGBAN_MAX_UPLOAD_BYTES = 100
    client = client_for(citizen.mobile)
    number = draft(client, food_entry)["number"]
    assert upload(client, number, "lease", PDF + b"x" * 200).status_code == 413


def test_submission_lists_what_is_missing(food_entry, citizen):
    client = client_for(citizen.mobile)
    number = draft(client, food_entry)["number"]
    response = client.post(f"/api/v1/applications/{number}/submit")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"application", "lease"}
    unanswered = draft(client, food_entry, answers={})["number"]
    response = client.post(f"/api/v1/applications/{unanswered}/submit")
    assert response.json()["error"]["code"] == "questions_pending"


def test_others_see_nothing_of_a_case(food_entry, officials, citizen, city):
    client = client_for(citizen.mobile)
    number = draft(client, food_entry)["number"]
    for code in ("application", "lease"):
        upload(client, number, code)
    client.post(f"/api/v1/applications/{number}/submit")
    stranger = make_person(real_name="路人")
    assert client_for(stranger.mobile).get(f"/api/v1/applications/{number}").status_code == 404
    reviewer = client_for(officials["wjw"].user.username)
    assert reviewer.get(f"/api/v1/applications/{number}").status_code == 404
    clerk = client_for(officials["clerk"].user.username)
    assert clerk.get(f"/api/v1/applications/{number}").status_code == 200
    assert reviewer.get("/api/v1/tasks").json()["items"] == []


def test_an_agent_applies_for_a_company_and_the_case_shows_both(food_entry, citizen):
    boss = make_person(real_name="李娜")
    company = accounts.create_organisation(
        uscc=uscc(kind="91"), name="示范餐饮有限公司", legal_representative=boss
    )
    accounts.authorise_agent(
        organisation=company,
        by=boss,
        agent=citizen,
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    client = client_for(citizen.mobile)
    case = draft(client, food_entry, on_behalf_of=company.uscc)
    assert case["organisation"] == {"code": company.uscc, "label": "示范餐饮有限公司"}
    assert case["applicant"] == "张伟"
    boss_view = client_for(boss.mobile).get("/api/v1/applications").json()["items"]
    assert [c["number"] for c in boss_view] == [case["number"]]
    stranger_company = accounts.create_organisation(
        uscc=uscc(kind="91"), name="别家公司", legal_representative=make_person()
    )
    body = {"item": food_entry.code, "answers": {}, "on_behalf_of": stranger_company.uscc}
    refused = client.post("/api/v1/applications", body, content_type="application/json")
    assert refused.status_code == 403


def company_with_agent_for_another_item(agent) -> tuple:
    """李娜's company, with ``agent`` authorised for one item that is not the food licence."""
    boss = make_person(real_name="李娜")
    company = accounts.create_organisation(
        uscc=uscc(kind="91"), name="示范餐饮有限公司", legal_representative=boss
    )
    accounts.authorise_agent(
        organisation=company,
        by=boss,
        agent=agent,
        item_codes=["000101001000"],
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    return boss, company


def test_an_agent_authorised_for_other_items_cannot_apply_for_this_one(food_entry, citizen):
    boss, company = company_with_agent_for_another_item(citizen)
    client = client_for(citizen.mobile)
    body = {"item": food_entry.code, "answers": {}, "on_behalf_of": company.uscc}
    refused = client.post("/api/v1/applications", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "item_not_authorised"
    assert not Case.objects.exists()
    allowed = client_for(boss.mobile).post(
        "/api/v1/applications", body, content_type="application/json"
    )
    assert allowed.status_code == 201


def test_an_agent_cannot_read_or_upload_to_the_organisations_drafts_of_other_items(
    food_entry, citizen
):
    """Found in review (issue 10): the item scope was checked on creation only."""
    boss, company = company_with_agent_for_another_item(citizen)
    number = draft(client_for(boss.mobile), food_entry, on_behalf_of=company.uscc)["number"]
    agent = client_for(citizen.mobile)

    read = agent.get(f"/api/v1/applications/{number}")
    uploaded = upload(agent, number, "lease")

    assert read.status_code == 404
    assert uploaded.status_code == 404
    assert not CaseMaterial.objects.exists()
    assert client_for(boss.mobile).get(f"/api/v1/applications/{number}").status_code == 200


def test_after_a_reviewers_return_resubmission_needs_no_intake_materials_again(
    food_entry, officials, citizen
):
    client = client_for(citizen.mobile)
    number = draft(client, food_entry)["number"]
    for code in ("application", "lease"):
        upload(client, number, code)
    client.post(f"/api/v1/applications/{number}/submit")
    act(
        officials["clerk"].user.username,
        number,
        "request_correction",
        opinion="缺章",
        missing=[{"material": "lease", "reason": "未盖章"}],
    )
    upload(client, number, "lease", PDF + b"stamped")
    client.post(f"/api/v1/applications/{number}/correction")
    act(officials["clerk"].user.username, number, "accept")
    act(officials["xf"].user.username, number, "return", opinion="请补充消防说明")
    resubmitted = client.post(f"/api/v1/applications/{number}/correction")
    assert resubmitted.status_code == 200, resubmitted.json()
    assert resubmitted.json()["status"]["code"] == "review"


def test_a_malformed_queue_cursor_is_a_clear_400(officials):
    response = client_for(officials["clerk"].user.username).get("/api/v1/tasks?after=garbage")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"

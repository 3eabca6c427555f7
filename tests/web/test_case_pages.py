"""The application pages through the real HTTP stack: a citizen applies from the guide,
uploads, submits, follows the case, corrects and withdraws; officials work their queue and
act on a case; nobody else sees any of it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_official, make_person, uscc
from tongban.accounts import services as accounts
from tongban.accounts.models import Official, Person
from tongban.cases import services
from tongban.cases.models import Case, CaseMaterial
from tongban.catalog.models import Implementation, Material
from tongban.web import case_display, case_views, workbench_views
from tongban.workflow.selectors import clock_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%test material\n"
RENTED_PACKAGED = {"q-venue": "rented", "q-scope": ["prepackaged"]}


def page(response) -> str:
    return response.content.decode()


def signed_in(person_or_official: Person | Official) -> Client:
    client = Client()
    client.force_login(person_or_official.user)
    return client


@pytest.fixture
def citizen() -> Person:
    return make_person(real_name="张伟")


def case_url(case: Case) -> str:
    return f"/my/applications/{case.number}/"


def apply(client: Client, entry: Implementation, **extra) -> Case:
    response = client.post(f"/items/{entry.code}/apply/", {**RENTED_PACKAGED, **extra})
    assert response.status_code == 302, page(response)
    number = response["Location"].split("/")[-2]
    return Case.objects.get(number=number)


def upload(client: Client, case: Case, code: str, content: bytes = PDF, name: str = "a.pdf"):
    return client.post(
        case_url(case) + "materials/", {"material": code, "file": SimpleUploadedFile(name, content)}
    )


def submitted(entry: Implementation, person: Person) -> Case:
    """A submitted case, made through the services (the pages are tested elsewhere)."""
    applicant = services.Applicant(person)
    case, _created = services.create_draft(
        applicant=applicant,
        implementation_code=entry.code,
        answers={"venue": "rented", "scope": ["prepackaged"]},
        form={},
    )
    for code in ("application", "lease"):
        services.upload_material(case, applicant, code, SimpleUploadedFile("a.pdf", PDF))
    return services.submit(case, applicant)


def open_task(case: Case, official: Official):
    return case.process.tasks.get(status="open", department=official.department)


def act(official: Official, case: Case, action: str, client: Client | None = None, **data):
    task = open_task(case, official)
    return (client or signed_in(official)).post(
        f"/workbench/cases/{case.number}/tasks/{task.pk}/", {"action": action, **data}
    )


# Applying


def test_the_guide_offers_to_apply_once_the_questions_are_answered(food_entry, citizen):
    client = signed_in(citizen)
    guide = f"/items/{food_entry.code}/guide/"
    assert "formaction=" not in page(client.get(guide))  # the questions come first
    html = page(client.post(guide, RENTED_PACKAGED))
    assert f'formaction="/items/{food_entry.code}/apply/"' in html
    assert 'form="guide-form"' in html
    # The htmx panel carries the button too.
    panel = page(client.post(guide + "materials/", RENTED_PACKAGED, HTTP_HX_REQUEST="true"))
    assert "在线申请" in panel


def test_a_visitor_is_sent_to_sign_in_and_back_to_the_guide(client, food_entry):
    guide = f"/items/{food_entry.code}/guide/"
    assert "登录后在线申请" in page(client.post(guide, RENTED_PACKAGED))
    response = client.post(f"/items/{food_entry.code}/apply/", RENTED_PACKAGED)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={guide}"
    assert Case.objects.count() == 0


def test_a_draft_upload_and_submit_from_the_pages(food_entry, officials, citizen):
    client = signed_in(citizen)
    case = apply(client, food_entry)
    assert case.answers == {"venue": "rented", "scope": ["prepackaged"]}
    html = page(client.get(case_url(case)))
    assert "申请草稿" in html
    assert "食品经营许可申请书" in html
    assert "经营场所租赁合同" in html
    assert "不超过 20 MB" in html
    assert 'accept=".pdf,.jpg,.jpeg,.png"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "还有 2 项材料未上传" in html

    response = upload(client, case, "application")
    assert response.status_code == 302
    assert response["Location"] == case_url(case) + "#material-application"
    stored = CaseMaterial.objects.get(case=case, code="application")
    html = page(client.get(case_url(case)))
    assert "已上传“食品经营许可申请书”" in html
    assert stored.sha256[:12] in html
    assert stored.sha256 not in html.replace(f'title="{stored.sha256}"', "")
    assert f"{len(PDF)}\xa0字节" in html

    refused = client.post(case_url(case) + "submit/")
    assert refused.status_code == 400
    assert "还有材料未上传。" in page(refused)
    assert Case.objects.get(pk=case.pk).process is None

    upload(client, case, "lease")
    response = client.post(case_url(case) + "submit/", follow=True)
    html = page(response)
    assert "申请已提交" in html
    assert "待受理" in html
    assert "综合窗口受理" in html
    assert officials["clerk"].department.name in html
    assert "提交申请" in html  # the first event of the timeline
    assert "撤回申请" in html
    assert "剩 5 个工作日" in html
    assert "“即将到期”（黄色）" in html  # the colours are explained in words


def test_applying_twice_with_the_same_key_gives_the_same_draft(food_entry, citizen):
    client = signed_in(citizen)
    one = apply(client, food_entry, apply_key="k1")
    two = apply(client, food_entry, apply_key="k1")
    assert one.pk == two.pk


def test_a_legal_representative_chooses_to_apply_for_the_company(food_entry, citizen):
    company = accounts.create_organisation(
        uscc=uscc(), name="济南张记餐饮有限公司", legal_representative=citizen
    )
    client = signed_in(citizen)
    html = page(client.post(f"/items/{food_entry.code}/guide/", RENTED_PACKAGED))
    assert "以谁的名义申请？" in html
    assert "以个人名义" in html
    assert company.name in html
    # Choosing the company changes the list: a business licence is needed.
    chosen = {**RENTED_PACKAGED, "on_behalf_of": company.uscc}
    assert "营业执照" in page(client.post(f"/items/{food_entry.code}/guide/", chosen))
    case = apply(client, food_entry, on_behalf_of=company.uscc)
    assert case.organisation == company
    html = page(client.get(case_url(case)))
    assert company.name in html
    assert "营业执照" in html
    assert case.number in page(client.get("/my/applications/"))


def test_the_organisation_acted_for_in_this_session_is_chosen_first(food_entry, citizen):
    company = accounts.create_organisation(
        uscc=uscc(), name="济南张记餐饮有限公司", legal_representative=citizen
    )
    client = signed_in(citizen)
    client.post("/me/acting-for/", {"uscc": company.uscc})
    html = page(client.post(f"/items/{food_entry.code}/guide/", RENTED_PACKAGED))
    assert f'value="{company.uscc}" checked' in html
    assert "营业执照" in html
    # The form's own choice wins.
    mine = {**RENTED_PACKAGED, "on_behalf_of": ""}
    assert 'id="for-whom-self" value="" checked' in page(
        client.post(f"/items/{food_entry.code}/guide/", mine)
    )


def test_an_item_for_organisations_only_needs_one_and_chooses_the_only_one(food_entry, citizen):
    item = food_entry.item
    item.audience = "organisation"
    item.save(update_fields=["audience"])
    client = signed_in(citizen)
    guide = f"/items/{food_entry.code}/guide/"
    html = page(client.post(guide, RENTED_PACKAGED))
    assert "该事项只能由法人申请；您目前不是任何企业或组织的法定代表人或经办人。" in html
    assert "formaction=" not in html
    refused = client.post(f"/items/{food_entry.code}/apply/", RENTED_PACKAGED)
    assert refused.status_code == 400
    assert "该事项只能由法人申请，请选择代办的企业或组织。" in page(refused)
    company = accounts.create_organisation(
        uscc=uscc(), name="济南张记餐饮有限公司", legal_representative=citizen
    )
    html = page(client.post(guide, RENTED_PACKAGED))
    assert "以个人名义" not in html
    assert f'value="{company.uscc}" checked' in html
    assert "营业执照" in html
    case = apply(client, food_entry, on_behalf_of=company.uscc)
    assert case.organisation == company


def test_an_organisation_nobody_may_act_for_is_refused_on_the_guide(food_entry, citizen):
    stranger = make_person("钱某")
    other = accounts.create_organisation(
        uscc=uscc(), name="别人的公司", legal_representative=stranger
    )
    response = signed_in(citizen).post(
        f"/items/{food_entry.code}/apply/", {**RENTED_PACKAGED, "on_behalf_of": other.uscc}
    )
    assert response.status_code == 403
    assert "不能代其办理" in page(response)
    assert Case.objects.count() == 0


def test_a_bad_upload_shows_the_message_and_keeps_nothing(food_entry, citizen):
    client = signed_in(citizen)
    case = apply(client, food_entry)
    response = upload(client, case, "lease", b"MZ\x90\x00 not a document", "virus.exe")
    assert response.status_code == 415
    html = page(response)
    assert "只接受 PDF、JPG 或 PNG 文件。" in html
    assert 'aria-invalid="true"' in html
    assert CaseMaterial.objects.count() == 0
    nothing = client.post(case_url(case) + "materials/", {"material": "lease"})
    assert nothing.status_code == 400
    assert "请选择要上传的文件。" in page(nothing)
    unknown = upload(client, case, "spaceship")
    assert unknown.status_code == 400
    assert "该事项没有这项材料。" in page(unknown)
    assert CaseMaterial.objects.count() == 0


# Following a case


def test_the_progress_page_shows_the_correction_notice_and_takes_the_correction(
    food_entry, officials, citizen
):
    case = submitted(food_entry, citizen)
    response = act(
        officials["clerk"],
        case,
        "request_correction",
        missing=["lease"],
        **{"reason-lease": "租赁合同未盖出租方印章"},
        opinion="请补正后重新提交",
    )
    assert response.status_code == 302
    client = signed_in(citizen)
    html = page(client.get(case_url(case)))
    assert "补正中" in html
    assert "需要补正" in html
    assert "租赁合同未盖出租方印章" in html
    assert "一次性告知补正" in html  # in the timeline, with the department
    assert officials["clerk"].department.name in html
    assert officials["clerk"].user.full_name not in html
    assert "暂停计时" in html
    document = case.documents.get()
    link = f"/my/applications/{case.number}/documents/{document.pk}/"
    assert link in html
    pdf = client.get(link)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    too_early = client.post(case_url(case) + "correction/")
    assert too_early.status_code == 400
    assert "告知补正的材料尚未全部重新上传。" in page(too_early)
    upload(client, case, "lease", PDF + b"stamped")
    assert "已重新上传" in page(client.get(case_url(case)))
    html = page(client.post(case_url(case) + "correction/", follow=True))
    assert "补正材料已提交" in html
    assert "待受理" in html
    assert "提交补正材料" in html


def test_withdrawing_asks_to_confirm_first(food_entry, citizen):
    case = submitted(food_entry, citizen)
    client = signed_in(citizen)
    confirm = client.post(case_url(case) + "withdraw/", {"reason": "不开了"})
    assert confirm.status_code == 200
    assert "确认撤回申请？" in page(confirm)
    assert "不开了" in page(confirm)
    case.process.refresh_from_db()
    assert case.process.state == "intake"
    done = client.post(case_url(case) + "withdraw/", {"reason": "不开了", "confirmed": "yes"})
    assert done.status_code == 302
    html = page(client.get(case_url(case)))
    assert "已撤回" in html
    assert "申请人撤回" in html
    assert "撤回申请</h2>" not in html
    again = client.post(case_url(case) + "withdraw/", {"confirmed": "yes"})
    assert again.status_code == 409
    assert "不能撤回" in page(again)


def test_my_applications_filter_by_status_and_page_by_key(
    food_entry, citizen, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(case_views, "PAGE_SIZE", 2)
    draft = apply(signed_in(citizen), food_entry)
    older, newer = submitted(food_entry, citizen), submitted(food_entry, citizen)
    someone_elses = submitted(food_entry, make_person("李某"))
    client = signed_in(citizen)
    with django_assert_max_num_queries(12):
        first = page(client.get("/my/applications/"))
    assert first.index(newer.number) < first.index(older.number)
    assert draft.number not in first
    assert someone_elses.number not in first
    after = re.search(r"\?after=(\d+)", first)[1]
    second = page(client.get(f"/my/applications/?after={after}"))
    assert draft.number in second
    assert "回到第一页" in second
    drafts = page(client.get("/my/applications/?status=draft"))
    assert draft.number in drafts
    assert older.number not in drafts
    active = page(client.get("/my/applications/?status=active"))
    assert newer.number in active
    assert draft.number not in active
    assert "正常" in active
    assert client.get("/my/applications/?after=rubbish&status=nonsense").status_code == 200


def test_the_list_badge_agrees_with_the_workflow_clock(food_entry, officials, citizen):
    case = submitted(food_entry, citizen)
    act(officials["clerk"], case, "accept")
    case.process.refresh_from_db()
    badge = case_display.Clocks().of_process(case.process)
    clock = clock_of(case.process)
    assert (badge.colour, badge.remaining) == (clock.colour, clock.remaining)
    assert badge.due == case.process.deadline


# Who may see what


def test_strangers_and_other_departments_get_not_found(food_entry, city, officials, citizen):
    case = submitted(food_entry, citizen)
    act(officials["clerk"], case, "accept")
    material = case.materials.first()
    document = case.documents.get()
    portal = [case_url(case), f"{case_url(case)}documents/{document.pk}/"]
    workbench = [
        f"/workbench/cases/{case.number}/",
        f"/workbench/cases/{case.number}/materials/{material.pk}/",
        f"/workbench/cases/{case.number}/documents/{document.pk}/",
    ]
    stranger = signed_in(make_person("路人"))
    police = signed_in(make_official(department=city["gaj"], roles=("reviewer",)))
    for path in portal + workbench:
        assert stranger.get(path).status_code == 404, path
    for path in workbench:
        assert police.get(path).status_code == 404, path
        assert signed_in(citizen).get(path).status_code == 404, path
    for path in portal:
        assert police.get(path).status_code == 404, path
    # A department with a task on the case sees it.
    assert signed_in(officials["xf"]).get(workbench[0]).status_code == 200


def test_the_material_preview_is_inline_sniff_proof_and_frameable_by_the_site_only(
    food_entry, officials, citizen
):
    case = submitted(food_entry, citizen)
    material = case.materials.get(code="lease")
    client = signed_in(officials["clerk"])
    html = page(client.get(f"/workbench/cases/{case.number}/"))
    url = f"/workbench/cases/{case.number}/materials/{material.pk}/"
    assert f'<iframe class="preview__frame" src="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content) == PDF


def test_an_image_material_is_shown_as_an_image(food_entry, officials, citizen):
    applicant = services.Applicant(citizen)
    case, _created = services.create_draft(
        applicant=applicant,
        implementation_code=food_entry.code,
        answers={"venue": "rented", "scope": ["prepackaged"]},
        form={"shop_name": "张记小吃"},
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    services.upload_material(case, applicant, "application", SimpleUploadedFile("a.png", png))
    services.upload_material(case, applicant, "lease", SimpleUploadedFile("b.pdf", PDF))
    services.submit(case, applicant)
    html = page(signed_in(officials["clerk"]).get(f"/workbench/cases/{case.number}/"))
    assert '<img class="preview__image"' in html
    assert 'alt="食品经营许可申请书"' in html
    assert "张记小吃" in html  # the form


# The workbench


def test_the_workbench_links_to_the_queue(officials):
    html = page(signed_in(officials["clerk"]).get("/workbench/"))
    assert 'href="/workbench/tasks/"' in html
    assert "进入待办" in html


def test_the_queue_lists_the_task_and_pages_by_key(food_entry, officials, citizen, monkeypatch):
    monkeypatch.setattr(workbench_views, "PAGE_SIZE", 2)
    cases = [submitted(food_entry, citizen) for _ in range(3)]
    client = signed_in(officials["clerk"])
    first = page(client.get("/workbench/tasks/"))
    assert "食品经营许可" in first
    assert "综合窗口受理" in first
    assert cases[0].number in first
    assert cases[1].number in first
    assert cases[2].number not in first
    key = re.search(r"\?after=(\d{4}-\d{2}-\d{2}_\d+)", first)[1]
    task = open_task(cases[1], officials["clerk"])
    assert key == f"{task.due_on}_{task.pk}"
    assert 'hx-get="/workbench/tasks/?after=' in first
    second = page(client.get(f"/workbench/tasks/?after={key}"))
    assert cases[2].number in second
    assert cases[0].number not in second
    assert "加载更多" not in second
    for rubbish in ("x", "2026-13-45_1", "2026-01-01_"):
        assert client.get(f"/workbench/tasks/?after={rubbish}").status_code == 200
    # Other departments' queues do not show the window's tasks.
    assert cases[0].number not in page(signed_in(officials["wjw"]).get("/workbench/tasks/"))


def test_the_decision_task_shows_the_reviews_proposal(food_entry, officials, citizen):
    case = submitted(food_entry, citizen)
    act(officials["clerk"], case, "accept")
    for name in ("scjg", "wjw", "xf"):
        assert act(officials[name], case, "approve", opinion="符合要求").status_code == 302
    client = signed_in(officials["scjg"])
    queue = page(client.get("/workbench/tasks/"))
    assert "审批决定" in queue
    assert "同意" in queue
    html = page(client.get(f"/workbench/cases/{case.number}/"))
    assert "并联审查意见：同意" in html
    assert "准予许可" in html
    assert "不予许可" in html
    # Every department's opinion so far, under 各部门意见 and again in the timeline.
    assert html.count("符合要求") == 6
    assert officials["wjw"].department.name in html


def test_the_case_page_shows_the_applicant_masked_and_the_answers_in_words(
    food_entry, officials, citizen
):
    case = submitted(food_entry, citizen)
    html = page(signed_in(officials["clerk"]).get(f"/workbench/cases/{case.number}/"))
    assert "张伟" in html
    assert citizen.masked_id_number in html
    assert citizen.id_number not in html
    assert "经营场所是自有还是租赁？" in html
    assert "租赁" in html
    assert "预包装食品销售" in html
    for action in ("受理", "不予受理", "发出一次性补正告知"):
        assert action in html
    assert 'name="missing" value="lease"' in html
    assert 'name="reason-lease"' in html


def test_an_action_without_the_required_opinion_shows_the_message(food_entry, officials, citizen):
    case = submitted(food_entry, citizen)
    response = act(officials["clerk"], case, "refuse", opinion="  ")
    assert response.status_code == 400
    html = page(response)
    assert "请填写意见和理由。" in html
    assert "此操作必须说明理由。" in html
    case.process.refresh_from_db()
    assert case.process.state == "intake"
    unreasoned = act(
        officials["clerk"], case, "request_correction", missing=["lease"], opinion="请补正"
    )
    assert unreasoned.status_code == 400
    html = page(unreasoned)
    assert "请逐项列出需补正的材料及原因。" in html
    assert 'value="lease" id="missing-lease" checked' in html  # what was ticked stays ticked
    assert "请补正</textarea>" in html
    assert case.documents.count() == 0


def test_a_second_official_acting_on_a_done_task_sees_the_conflict(
    food_entry, city, officials, citizen
):
    case = submitted(food_entry, citizen)
    other_clerk = make_official(department=city["zwfw"], roles=("window_clerk",))
    task = open_task(case, officials["clerk"])
    second = signed_in(other_clerk)
    assert "受理" in page(second.get(f"/workbench/cases/{case.number}/"))  # both see the task
    act(officials["clerk"], case, "accept")
    response = second.post(
        f"/workbench/cases/{case.number}/tasks/{task.pk}/", {"action": "accept"}, follow=True
    )
    html = page(response)
    assert "该任务已由" in html
    assert "请刷新后查看最新进度" in html
    assert "审查中" in html  # the fresh state
    assert "您在此办件上没有待办任务。" in html


def test_a_task_of_another_case_is_not_found_through_this_one(food_entry, officials, citizen):
    one, two = submitted(food_entry, citizen), submitted(food_entry, citizen)
    task = open_task(two, officials["clerk"])
    response = signed_in(officials["clerk"]).post(
        f"/workbench/cases/{one.number}/tasks/{task.pk}/", {"action": "accept"}
    )
    assert response.status_code == 404
    two.process.refresh_from_db()
    assert two.process.state == "intake"


def test_workbench_actions_need_the_csrf_token(food_entry, officials, citizen):
    case = submitted(food_entry, citizen)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officials["clerk"].user)
    task = open_task(case, officials["clerk"])
    response = client.post(f"/workbench/cases/{case.number}/tasks/{task.pk}/", {"action": "accept"})
    assert response.status_code == 403


# Language and cost


def test_the_application_pages_render_in_english(food_entry, officials, citizen):
    case = submitted(food_entry, citizen)
    act(officials["clerk"], case, "accept")
    client = signed_in(citizen)
    client.cookies.load({"django_language": "en"})
    html = page(client.get(case_url(case)))
    assert '<html lang="en">' in html
    assert "Progress" in html
    assert "Acceptance notice" in html
    assert "Under review" in html
    assert "办理进度" not in html
    listing = page(client.get("/my/applications/"))
    assert "My applications" in listing
    official = signed_in(officials["scjg"])
    official.cookies.load({"django_language": "en"})
    html = page(official.get(f"/workbench/cases/{case.number}/"))
    assert "Approve" in html
    assert "Opinion" in html
    assert "To do" in page(official.get("/workbench/tasks/"))


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_queue_and_case_pages_take_a_fixed_number_of_queries(food_entry, officials, citizen):
    cases = [submitted(food_entry, citizen) for _ in range(2)]
    clerk = signed_in(officials["clerk"])
    few = _queries(clerk, "/workbench/tasks/")
    cases += [submitted(food_entry, citizen) for _ in range(4)]
    assert _queries(clerk, "/workbench/tasks/") == few
    assert few <= 12
    case = cases[0]
    act(officials["clerk"], case, "accept")
    for name in ("scjg", "wjw"):
        act(officials[name], case, "approve", opinion="符合要求")
    reviewer = signed_in(officials["xf"])
    assert _queries(reviewer, f"/workbench/cases/{case.number}/") <= 20
    assert _queries(signed_in(citizen), case_url(case)) <= 16


def test_the_deadline_badge_turns_red_when_overdue(food_entry, officials, citizen):
    case = submitted(food_entry, citizen)
    act(officials["clerk"], case, "accept")
    process = case.process
    process.refresh_from_db()
    process.deadline = timezone.localdate() - dt.timedelta(days=10)
    process.save(update_fields=["deadline"])
    html = page(signed_in(citizen).get(case_url(case)))
    assert "badge--red" in html
    assert "已超期" in html


def test_the_draft_offers_reuse_when_a_needed_material_can_be_fetched(food_entry, citizen):
    Material.objects.filter(implementation=food_entry, code="lease").update(
        source="dataset", source_ref="bdc"
    )
    client = signed_in(citizen)
    case = apply(client, food_entry)
    html = page(client.get(case_url(case)))
    assert f"/my/data-access/applications/{case.number}/reuse/" in html

"""Deadlines through a year whose holiday schedule is not announced yet (issue 9): on
2026-12-20 a 20-working-day application is accepted with a provisional 2027 deadline, shown
as such on the page, in the API and in the 受理通知书; deemed acceptance waits; loading the
2027 schedule recomputes, audits and clears the mark; the overdue job survives a broken case."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from pypdf import PdfReader

from tests.cases.test_applications_api import act, client_for, draft, upload
from tests.factories import make_person
from tests.workflow.conftest import start
from tongban.core.models import AuditEntry
from tongban.workflow import services
from tongban.workflow.models import Process, ProcessEvent, Task

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MARK = "预计（2027 年放假安排未公布）"
# A 2027 schedule in which 4 January, a Monday, is off too: every deadline after it moves.
SCHEDULE_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-01-04,holiday,元旦
2027-02-05,holiday,春节
2027-02-08,holiday,春节
"""


def at(*moment: int) -> time_machine.travel:
    return time_machine.travel(dt.datetime(*moment, tzinfo=SHANGHAI), tick=True)


def load_2027(tmp_path: Path) -> str:
    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "calendar",
        "load",
        str(path),
        "--year",
        "2027",
        "--notice",
        "国办发明电〔2026〕7号",
        stdout=out,
    )
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def twenty_day_entry(food_entry):
    food_entry.promised_limit = 20
    food_entry.save(update_fields=["promised_limit"])
    return food_entry


@pytest.fixture
def accepted_on_20_december(twenty_day_entry, officials) -> dict:
    citizen = make_person(real_name="张伟")
    with at(2026, 12, 20, 10):
        client = client_for(citizen.mobile)
        number = draft(client, twenty_day_entry)["number"]
        for code in ("application", "lease"):
            assert upload(client, number, code).status_code == 201
        assert client.post(f"/api/v1/applications/{number}/submit").status_code == 200
        act(officials["clerk"].user.username, number, "accept")
        seen = client.get(f"/api/v1/applications/{number}").json()
    return {"number": number, "client": client, "citizen": citizen, "seen": seen}


def test_the_deadline_is_provisional_in_the_api(accepted_on_20_december) -> None:
    seen = accepted_on_20_december["seen"]

    # 20 working days after Sunday 20 December: 9 in December, 1 January off, 4-18 January.
    assert seen["deadline"] == "2027-01-18"
    assert seen["provisional"] is True
    assert seen["status"]["code"] == "review"


def test_the_deadline_is_marked_on_the_applicants_page(accepted_on_20_december) -> None:
    page = Client()
    with at(2026, 12, 21, 9):
        page.force_login(accepted_on_20_december["citizen"].user)
        html = page.get(f"/my/applications/{accepted_on_20_december['number']}/").content
    text = html.decode()

    assert "2027-01-18" in text
    assert MARK in text


def test_the_acceptance_notice_says_the_date_is_provisional(accepted_on_20_december) -> None:
    seen = accepted_on_20_december["seen"]
    notice = next(d for d in seen["documents"] if d["kind"]["code"] == "acceptance")
    response = accepted_on_20_december["client"].get(notice["url"])
    text = pdf_text(b"".join(response.streaming_content))

    assert "2027年01月18日前作出决定" in text
    assert "".join(MARK.split()) in text


def test_the_review_tasks_are_due_provisionally_too(accepted_on_20_december, officials) -> None:
    with at(2026, 12, 21, 9):
        tasks = client_for(officials["wjw"].user.username).get("/api/v1/tasks").json()["items"]

    (task,) = [t for t in tasks if t["number"] == accepted_on_20_december["number"]]
    assert task["provisional"] is True


def test_loading_2027_recomputes_audits_and_clears_the_mark(
    accepted_on_20_december, tmp_path
) -> None:
    number = accepted_on_20_december["number"]
    with at(2026, 12, 22, 9):
        out = load_2027(tmp_path)
        client = client_for(accepted_on_20_december["citizen"].mobile)  # a new day's token
        seen = client.get(f"/api/v1/applications/{number}").json()

    assert "办结期限：检查 1 个，调整 1 个" in out
    assert seen["deadline"] == "2027-01-19"
    assert seen["provisional"] is False
    process = Process.objects.get(number=number)
    entry = AuditEntry.objects.get(action="process.deadline_recomputed", object_id=str(process.pk))
    assert entry.changes["deadline_before"] == "2027-01-18"
    assert entry.changes["deadline"] == "2027-01-19"
    assert entry.changes["provisional"] is False
    moved = ProcessEvent.objects.get(process=process, kind="deadline_recomputed")
    assert "2027-01-18" in moved.text
    assert "2027-01-19" in moved.text
    assert "deadline_recomputed" in [e["kind"] for e in seen["timeline"]]
    assert not Task.objects.filter(process=process, status="open", due_provisional=True).exists()


def test_loading_again_changes_nothing_more(accepted_on_20_december, tmp_path) -> None:
    with at(2026, 12, 22, 9):
        load_2027(tmp_path)
        out = load_2027(tmp_path)

    assert "办结期限：检查 0 个，调整 0 个" in out
    assert AuditEntry.objects.filter(action="process.deadline_recomputed").count() == 1


def test_a_recount_of_a_provisional_pause_moves_the_deadline_too(
    twenty_day_entry, officials, tmp_path
) -> None:
    with at(2026, 12, 28, 10):
        process = start(twenty_day_entry)
        services.act_on_task(
            process.tasks.get(kind="intake").pk, officials["clerk"], "accept", opinion=""
        )
        review = process.tasks.get(status="open", department=officials["wjw"].department)
        services.act_on_task(review.pk, officials["wjw"], "suspend", opinion="现场核查")
    with at(2027, 1, 6, 10):  # paused 29-31 December and, provisionally, 4-6 January
        services.act_on_task(review.pk, officials["wjw"], "resume", opinion="核查完毕")
    process.refresh_from_db()
    assert process.paused_days == 6
    assert process.deadline_provisional
    before = process.deadline

    with at(2027, 1, 7, 9):
        load_2027(tmp_path)
    process.refresh_from_db()

    assert process.paused_days == 5  # 4 January turned out to be a holiday
    assert process.pauses == [["2026-12-28", "2027-01-06", 5]]
    assert not process.deadline_provisional
    # One paused day fewer, but 4 January no longer counts towards the period either.
    assert process.deadline == before


class TestDeemedAcceptance:
    def test_it_does_not_fire_on_a_provisional_date(self, twenty_day_entry) -> None:
        with at(2026, 12, 28, 10):
            process = start(twenty_day_entry)

        # Provisionally the five days are 29-31 December, 4 and 5 January.
        run = services.accept_overdue_intakes(today=dt.date(2027, 1, 6))

        assert run.accepted == []
        assert run.waiting == [process.number]
        process.refresh_from_db()
        assert process.state == "intake"

    def test_it_fires_once_the_official_schedule_is_loaded(
        self, twenty_day_entry, tmp_path
    ) -> None:
        with at(2026, 12, 28, 10):
            process = start(twenty_day_entry)
        load_2027(tmp_path)

        # Officially 29-31 December, 5 and 6 January: over on the 7th.
        assert services.accept_overdue_intakes(today=dt.date(2027, 1, 6)).accepted == []
        run = services.accept_overdue_intakes(today=dt.date(2027, 1, 7))

        assert run.accepted == [process.number]
        process.refresh_from_db()
        assert process.deemed_accepted
        assert not process.deadline_provisional

    def test_it_fires_once_past_under_every_arrangement(self, twenty_day_entry, settings) -> None:
        settings.TONGBAN_PROVISIONAL_DEEMED_GRACE_DAYS = 10
        with at(2026, 12, 28, 10):
            process = start(twenty_day_entry)

        assert services.accept_overdue_intakes(today=dt.date(2027, 1, 15)).waiting == [
            process.number
        ]
        run = services.accept_overdue_intakes(today=dt.date(2027, 1, 16))

        assert run.accepted == [process.number]
        process.refresh_from_db()
        assert process.deadline_provisional  # accepted as of 28 December, 20 days into 2027


class TestTheOverdueJobSurvivesABrokenCase:
    @pytest.fixture
    def two_overdue(self, twenty_day_entry) -> tuple[Process, Process]:
        with at(2026, 11, 2, 10):
            broken, sound = start(twenty_day_entry), start(twenty_day_entry)
        # A case whose intake task went missing: handling it fails.
        Task.objects.filter(process=broken, kind="intake").delete()
        return broken, sound

    def test_the_service_reports_the_failure_and_goes_on(self, two_overdue) -> None:
        broken, sound = two_overdue

        run = services.accept_overdue_intakes(today=dt.date(2026, 11, 20))

        assert [number for number, _error in run.failed] == [broken.number]
        assert run.accepted == [sound.number]
        broken.refresh_from_db()
        assert broken.state == "intake"

    def test_the_command_names_the_failed_case_and_fails(self, two_overdue) -> None:
        broken, sound = two_overdue
        out, err = io.StringIO(), io.StringIO()

        with (
            at(2026, 11, 20, 2),
            pytest.raises(CommandError, match="1 件处理失败"),
        ):
            call_command("workflow", "accept-overdue", stdout=out, stderr=err)

        assert f"视为受理：{sound.number}" in out.getvalue()
        assert broken.number in err.getvalue()


def test_saving_2027_in_the_admin_recomputes_too(
    accepted_on_20_december, admin_client, django_capture_on_commit_callbacks
) -> None:
    form = {
        "year": "2027",
        "notice": "国办发明电〔2026〕7号",
        "days-TOTAL_FORMS": "2",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "1",
        "days-MAX_NUM_FORMS": "1000",
    }
    for index, day in enumerate(("2027-01-01", "2027-01-04")):
        form |= {
            f"days-{index}-date": day,
            f"days-{index}-kind": "holiday",
            f"days-{index}-name": "元旦",
        }

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/core/holidayyear/add/", form)

    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="process.deadline_recomputed").count() == 1
    process = Process.objects.get(number=accepted_on_20_december["number"])
    assert (process.deadline, process.deadline_provisional) == (dt.date(2027, 1, 19), False)


class TestTheMissingScheduleBanner:
    WARNING = "2027 年的法定节假日安排尚未导入"

    def test_administrators_are_warned_from_1_october(self, admin_user) -> None:
        client = Client()
        with at(2026, 9, 30, 10):
            client.force_login(admin_user)
            before = client.get("/admin/").content.decode()
        with at(2026, 10, 1, 10):
            client.force_login(admin_user)
            after = client.get("/admin/").content.decode()

        assert self.WARNING not in before
        assert self.WARNING in after
        assert "tongban calendar load" in after

    def test_the_warning_goes_once_the_year_is_loaded(self, admin_user, tmp_path) -> None:
        load_2027(tmp_path)
        client = Client()

        with at(2026, 10, 1, 10):
            client.force_login(admin_user)
            html = client.get("/admin/").content.decode()

        assert self.WARNING not in html

    def test_officials_see_it_on_the_workbench(self, officials) -> None:
        client = Client()
        with at(2026, 12, 1, 10):
            client.force_login(officials["clerk"].user)
            html = client.get("/workbench/").content.decode()

        assert self.WARNING in html
        assert "tongban calendar load" not in html  # what to do is for administrators

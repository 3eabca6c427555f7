"""The engine over the database: intake, parallel review and its join rule, decisions,
corrections, special procedures, withdrawal, deemed acceptance and scoping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import county, make_official
from tests.workflow.conftest import act, open_task, start
from tongban.core import audit
from tongban.core.errors import Conflict, DomainError, NotFound
from tongban.core.models import AuditEntry
from tongban.workflow import services
from tongban.workflow.models import Process, ProcessEvent, Task

pytestmark = pytest.mark.django_db
MISSING = [{"material": "lease", "reason": "未加盖出租方印章"}]


def accepted(food_entry, officials) -> Process:
    return act(start(food_entry), officials["clerk"], "accept")


def test_intake_opens_at_the_service_centre(food_entry, officials):
    process = start(food_entry)
    task = process.tasks.get()
    assert (process.state, task.kind, task.department.kind) == ("intake", "intake", "zwfw")
    assert task.due_on is not None


def test_acceptance_opens_three_parallel_reviews_and_sets_the_deadline(food_entry, officials):
    process = accepted(food_entry, officials)
    assert process.state == "review"
    assert sorted(t.department.kind for t in process.tasks.filter(status="open")) == [
        "scjg",
        "wjw",
        "xf",
    ]
    assert process.deadline > timezone.localdate()


def test_all_three_approve_then_the_decision_and_issuance_complete(food_entry, officials):
    process = accepted(food_entry, officials)
    for name in ("wjw", "xf"):
        process = act(process, officials[name], "approve")
        assert process.state == "review"
    process = act(process, officials["scjg"], "approve")
    assert process.state == "decision"
    assert open_task(process, officials["scjg"].department).proposal == "approve"
    process = act(process, officials["scjg"], "approve", opinion="准予许可")
    assert process.state == "issuance"
    process = act(process, officials["scjg"], "issue")
    assert (process.state, process.decision) == ("completed", "approve")
    assert process.closed_at is not None


def test_one_denial_ends_the_review_and_the_decision_can_only_deny(food_entry, officials):
    process = accepted(food_entry, officials)
    process = act(process, officials["wjw"], "approve")
    process = act(process, officials["xf"], "deny", opinion="消防通道不符合要求")
    assert process.state == "decision"
    assert process.tasks.filter(status="cancelled").count() == 1
    with pytest.raises(DomainError) as refused:
        act(process, officials["scjg"], "approve", opinion="同意")
    assert refused.value.code == "review_denied"
    process = act(process, officials["scjg"], "deny", opinion="消防审查不通过")
    assert (process.state, process.decision) == ("denied", "deny")


def test_a_return_pauses_the_clock_and_the_review_starts_again(food_entry, officials):
    process = accepted(food_entry, officials)
    process = act(process, officials["wjw"], "approve")
    process = act(process, officials["xf"], "return", opinion="请补充平面图")
    assert process.state == "correction"
    assert process.paused_since is not None
    assert not process.tasks.filter(status="open").exists()
    services.resubmit(process, audit.SYSTEM)
    process.refresh_from_db()
    assert process.state == "review"
    assert process.paused_since is None
    assert process.tasks.filter(status="open").count() == 3


def test_intake_correction_is_one_notice_only(food_entry, officials):
    process = act(
        start(food_entry),
        officials["clerk"],
        "request_correction",
        opinion="材料不齐",
        missing=MISSING,
    )
    assert (process.state, process.correction_notice_given) == ("correction", True)
    services.resubmit(process, audit.SYSTEM)
    process.refresh_from_db()
    assert process.state == "intake"
    with pytest.raises(DomainError) as refused:
        act(process, officials["clerk"], "request_correction", opinion="又缺", missing=MISSING)
    assert refused.value.code == "correction_already_notified"


@pytest.mark.parametrize(
    ("action", "kwargs", "code"),
    [
        ("refuse", {}, "opinion_required"),
        ("request_correction", {"opinion": "缺材料"}, "missing_required"),
        (
            "request_correction",
            {"opinion": "缺", "missing": [{"material": "x"}]},
            "missing_required",
        ),
        ("approve", {}, "action_not_allowed"),
    ],
)
def test_an_incomplete_action_is_refused_and_changes_nothing(
    food_entry, officials, action, kwargs, code
):
    process = start(food_entry)
    events = ProcessEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        act(process, officials["clerk"], action, **kwargs)
    assert refused.value.code == code
    process.refresh_from_db()
    assert process.state == "intake"
    assert ProcessEvent.objects.count() == events


def test_refusal_closes_the_case(food_entry, officials):
    process = act(start(food_entry), officials["clerk"], "refuse", opinion="不属于本机关职权")
    assert process.state == "refused"
    assert process.is_final


def test_a_special_procedure_pauses_and_extends_the_deadline(food_entry, officials):
    process = accepted(food_entry, officials)
    deadline = process.deadline
    process = act(process, officials["xf"], "suspend", opinion="现场检验")
    assert process.state == "suspended"
    Process.objects.filter(pk=process.pk).update(paused_since=timezone.now() - dt.timedelta(days=7))
    process = act(process, officials["xf"], "resume", opinion="检验完成")
    assert process.state == "review"
    assert process.paused_days >= 4
    assert process.deadline > deadline


def test_the_applicant_may_withdraw_before_the_decision_but_not_after(food_entry, officials):
    process = accepted(food_entry, officials)
    services.withdraw(process, audit.SYSTEM, "不开店了")
    process.refresh_from_db()
    assert process.state == "withdrawn"
    assert not process.tasks.filter(status="open").exists()
    closed = act(start(food_entry), officials["clerk"], "refuse", opinion="不予受理")
    with pytest.raises(Conflict):
        services.withdraw(closed, audit.SYSTEM, "")


def test_withdrawing_during_a_special_procedure_ends_the_pause(food_entry, officials):
    """Found by the state machine (issue 10): withdrawal left paused_since set."""
    process = act(accepted(food_entry, officials), officials["xf"], "suspend", opinion="检验")
    Process.objects.filter(pk=process.pk).update(paused_since=timezone.now() - dt.timedelta(days=7))

    services.withdraw(process, audit.SYSTEM, "不开店了")
    process.refresh_from_db()

    assert process.state == "withdrawn"
    assert process.paused_since is None
    assert process.paused_days >= 4
    assert len(process.pauses) == 1


def test_withdrawing_while_asked_to_correct_ends_the_pause(food_entry, officials):
    missing = [{"material": "lease", "reason": "未盖章"}]
    process = act(
        start(food_entry), officials["clerk"], "request_correction", opinion="补正", missing=missing
    )
    assert process.paused_since is not None

    services.withdraw(process, audit.SYSTEM, "不办了")
    process.refresh_from_db()

    assert (process.state, process.paused_since, process.paused_days) == ("withdrawn", None, 0)


def test_untouched_intake_is_accepted_as_of_the_day_it_arrived(food_entry, officials):
    process = start(food_entry)
    arrived = timezone.now() - dt.timedelta(days=14)
    Process.objects.filter(pk=process.pk).update(intake_started_at=arrived, submitted_at=arrived)
    fresh = start(food_entry)
    accepted_numbers = services.accept_overdue_intakes().accepted
    assert accepted_numbers == [process.number]
    process.refresh_from_db()
    assert (process.state, process.deemed_accepted) == ("review", True)
    assert process.accepted_at == arrived
    assert process.events.filter(kind="deemed_accepted").exists()
    fresh.refresh_from_db()
    assert fresh.state == "intake"


def test_an_official_of_another_department_or_region_cannot_see_the_task(
    food_entry, officials, city
):
    process = start(food_entry)
    task = process.tasks.get()
    wrong_department = officials["wjw"]
    county_clerk = make_official(
        department=city["zwfw"], region=county("370103", "市中区"), roles=("window_clerk",)
    )
    no_role = make_official(department=city["zwfw"], roles=("supervisor",))
    for official in (wrong_department, county_clerk, no_role):
        with pytest.raises(NotFound):
            services.act_on_task(task.pk, official, "accept")
    assert Task.objects.get(pk=task.pk).status == "open"


def test_a_task_already_done_tells_the_second_official_who_did_it(food_entry, officials, city):
    process = start(food_entry)
    task = process.tasks.get()
    colleague = make_official(department=city["zwfw"], roles=("window_clerk",))
    services.act_on_task(task.pk, officials["clerk"], "accept")
    with pytest.raises(Conflict) as late:
        services.act_on_task(task.pk, colleague, "refuse", opinion="迟到")
    assert "已由" in str(late.value.message)


def test_every_public_event_has_its_audit_entry(food_entry, officials):
    process = accepted(food_entry, officials)
    act(process, officials["xf"], "return", opinion="补充")
    events = list(process.events.all())
    assert [e.kind for e in events] == ["submitted", "accepted", "review_returned"]
    for event in events:
        entry = AuditEntry.objects.get(pk=event.audit_entry_id)
        assert entry.action == f"process.{event.kind}"
        assert entry.object_id == str(process.pk)
    assert audit.verify().ok


def test_a_correction_notice_may_only_name_the_items_materials(food_entry, officials):
    process = start(food_entry)
    with pytest.raises(DomainError) as refused:
        act(
            process,
            officials["clerk"],
            "request_correction",
            opinion="缺",
            missing=[{"material": "nonsense", "reason": "?"}],
        )
    assert refused.value.code == "unknown_material"

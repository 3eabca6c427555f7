"""What can happen to a process: each change is one function that locks, checks, writes the
public event and its audit twin, in one transaction. Two officials acting on one task at once:
the process row is locked first, so one wins and the other is told the task is already done."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.accounts.models import Official
from tongban.catalog.models import Implementation, Material
from tongban.core import audit
from tongban.core.errors import Conflict, DomainError, NotFound
from tongban.core.models import Department
from tongban.core.signals import Recomputed
from tongban.core.workdays import WorkCalendar
from tongban.workflow import definitions, rules
from tongban.workflow.models import (
    FINAL_STATES,
    Process,
    ProcessDefinition,
    ProcessEvent,
    ProcessState,
    Task,
    TaskStatus,
)

logger = logging.getLogger(__name__)

OUTCOME_LABELS = {
    "accept": "受理",
    "refuse": "不予受理",
    "request_correction": "一次性告知补正",
    "approve": "同意",
    "deny": "不同意",
    "return": "退回补正",
    "suspend": "启动特别程序",
    "resume": "特别程序结束",
    "issue": "出证",
}


def known_department_kinds() -> set[str]:
    return set(Department.objects.values_list("kind", flat=True).distinct())


def publish_definition(
    key: str, name: str, steps: object, *, actor: audit.Actor = audit.SYSTEM
) -> ProcessDefinition:
    """A new version of a definition; earlier versions stay for the processes using them."""
    try:
        definitions.parse(steps, known_department_kinds())
    except definitions.DefinitionInvalid as invalid:
        raise DomainError(
            "definition_invalid", _("流程定义不正确。"), fields=invalid.problems
        ) from None
    with transaction.atomic():
        latest = ProcessDefinition.objects.filter(key=key).aggregate(v=Max("version"))["v"] or 0
        definition = ProcessDefinition.objects.create(
            key=key, version=latest + 1, name=name, steps=steps, created_by=actor.label
        )
        audit.record(
            "workflow.definition_published",
            definition,
            actor=actor,
            changes={"key": key, "version": definition.version},
        )
    return definition


def current_definition(key: str) -> ProcessDefinition:
    definition = ProcessDefinition.objects.filter(key=key).order_by("-version").first()
    if definition is None:
        raise DomainError("no_process", _("该事项尚未配置审批流程，暂不能网上申请。"), status=409)
    return definition


def _steps(process: Process) -> list[definitions.StepSpec]:
    return [definitions.StepSpec.model_validate(step) for step in process.definition.steps]


def _department(reference: str, lead: Department) -> Department:
    if reference == definitions.LEAD:
        return lead
    kind = definitions.CENTRE_KIND if reference == definitions.CENTRE else reference
    found = Department.objects.filter(region=lead.region, kind=kind, is_active=True).first()
    if found is None:
        raise DomainError(
            "department_missing",
            _("流程需要的部门（%(kind)s）在%(region)s不存在，请联系管理员。")
            % {"kind": kind, "region": lead.region.name},
            status=409,
        )
    return found


def _event(
    process: Process,
    kind: str,
    actor: audit.Actor,
    *,
    department: Department | None = None,
    text: str = "",
    changes: dict | None = None,
) -> ProcessEvent:
    """The public event and its audit-log twin, written together."""
    entry = audit.record(
        f"process.{kind}",
        process,
        actor=actor,
        changes={
            "state": process.state,
            "department": department.uscc if department else "",
            **(changes or {}),
        },
    )
    return ProcessEvent.objects.create(
        process=process,
        kind=kind,
        department_name=department.name if department else "",
        text=text,
        at=entry.created_at,
        audit_entry_id=entry.pk,
    )


def _due_on(
    process: Process, step: definitions.StepSpec, calendar: WorkCalendar, opened_on: dt.date
) -> tuple[dt.date | None, bool]:
    """When a task opened on ``opened_on`` falls due, and whether that date is provisional:
    the intake period for intake, else the step's own limit or the process deadline, whichever
    comes first. Queues sort by it."""
    if step.kind == "intake":
        counted = calendar.count(opened_on, settings.TONGBAN_INTAKE_DAYS)
        return counted.date, counted.provisional
    candidates: list[tuple[dt.date, bool]] = []
    if process.deadline is not None:
        candidates.append((process.deadline, process.deadline_provisional))
    if step.limit_days:
        counted = calendar.count(opened_on, step.limit_days)
        candidates.append((counted.date, counted.provisional))
    if not candidates:
        return None, False
    due = min(date for date, _provisional in candidates)
    return due, any(provisional for date, provisional in candidates if date == due)


def _open_tasks(process: Process, step: definitions.StepSpec, refs: Iterable[str]) -> None:
    due, provisional = _due_on(process, step, WorkCalendar(), timezone.localdate())
    for reference in refs:
        Task.objects.create(
            process=process,
            step=step.code,
            kind=step.kind,
            role=step.role,
            due_on=due,
            due_provisional=provisional,
            department=_department(reference, process.lead_department),
        )


def _enter_step(process: Process, index: int, actor: audit.Actor, proposal: str = "") -> None:
    """Move to step ``index``: its tasks open (all at once when parallel, the first when
    sequential) and the process state follows the step's kind."""
    step = _steps(process)[index]
    process.step_index = index
    process.state = {
        "intake": ProcessState.INTAKE,
        "review": ProcessState.REVIEW,
        "decision": ProcessState.DECISION,
        "issuance": ProcessState.ISSUANCE,
    }[step.kind]
    process.save(update_fields=["step_index", "state"])
    refs = step.departments if step.mode == "parallel" else step.departments[:1]
    _open_tasks(process, step, refs)
    if proposal:
        process.tasks.filter(step=step.code, status=TaskStatus.OPEN).update(proposal=proposal)


def start(
    *,
    number: str,
    implementation: Implementation,
    submitted_at: dt.datetime,
    actor: audit.Actor,
) -> Process:
    """The process of a submitted application: the intake task opens at the service centre.
    Every department the definition needs is resolved first, so nothing is half-started."""
    definition = current_definition(implementation.process_key)
    steps = definitions.parse(definition.steps, known_department_kinds())
    for step in steps:
        for reference in step.departments:
            _department(reference, implementation.department)
    process = Process.objects.create(
        number=number,
        definition=definition,
        implementation=implementation,
        lead_department=implementation.department,
        region_code=implementation.region.code,
        state=ProcessState.INTAKE,
        submitted_at=submitted_at,
        intake_started_at=submitted_at,
        promised_days=implementation.promised_limit,
    )
    _event(process, "submitted", actor, text=_("申请已提交，等待综合窗口受理。"))
    _enter_step(process, 0, actor)
    return process


def _locked(process_id: int) -> Process:
    return (
        Process.objects.select_for_update(of=("self",))
        .select_related("definition", "lead_department__region")
        .get(pk=process_id)
    )


def _check_official(task: Task, official: Official, process: Process) -> None:
    """Only an official of the task's department, with its role, in whose region the process
    lies may act; anyone else is told it does not exist."""
    in_region = process.region_code.startswith(official.region.scope_prefix)
    if (
        task.department_id != official.department_id
        or not in_region
        or not official.has_role(task.role)
    ):
        raise NotFound("task_not_found", _("未找到该任务。"))


@dataclass(frozen=True)
class ActionResult:
    process: Process
    task: Task
    event: ProcessEvent


def _validate_action(
    task: Task, process: Process, action: str, opinion: str, missing: list[dict]
) -> None:
    if task.status != TaskStatus.OPEN:
        done = OUTCOME_LABELS.get(task.outcome, task.get_status_display())
        raise Conflict(
            "task_already_done",
            _("该任务已由%(dept)s处理（%(outcome)s），请刷新后查看最新进度。")
            % {"dept": task.department.name, "outcome": done},
        )
    needed_state = rules.TASK_ACTIONS.get((task.kind, action))
    if needed_state is None:
        raise DomainError(
            "action_not_allowed",
            _("此环节不能执行该操作。"),
            fields={
                "action": _("可选操作：%(a)s")
                % {"a": "、".join(rules.allowed_actions(task.kind, process.state))}
            },
        )
    if process.state != needed_state:
        raise Conflict(
            "wrong_state",
            _("办件当前状态为“%(s)s”，不能执行该操作。") % {"s": process.get_state_display()},
        )
    if action in rules.NEEDS_OPINION and not opinion.strip():
        raise DomainError(
            "opinion_required",
            _("请填写意见和理由。"),
            fields={"opinion": _("此操作必须说明理由。")},
        )
    if action == "request_correction":
        if process.correction_notice_given:
            raise DomainError(
                "correction_already_notified",
                _("已经一次性告知过补正内容，不能再次要求补正；请受理或不予受理。"),
            )
        if not missing or not all(m.get("material") and m.get("reason") for m in missing):
            raise DomainError(
                "missing_required",
                _("请逐项列出需补正的材料及原因。"),
                fields={"missing": _("每项须有材料名称和原因。")},
            )
        known = set(
            Material.objects.filter(implementation=process.implementation_id).values_list(
                "code", flat=True
            )
        )
        unknown = sorted({m["material"] for m in missing} - known)
        if unknown:
            raise DomainError(
                "unknown_material",
                _("补正告知只能列出本事项的申请材料。"),
                fields={"missing": "、".join(unknown)},
            )
    if action == "approve" and task.kind == "decision" and task.proposal == "deny":
        raise DomainError("review_denied", _("审查意见为不同意，不能作出准予决定。"))


def act_on_task(
    task_id: int,
    official: Official,
    action: str,
    *,
    opinion: str = "",
    missing: list[dict] | None = None,
    ip_address: str | None = None,
) -> ActionResult:
    missing = missing or []
    actor = audit.Actor.of(official.user, ip_address=ip_address)
    with transaction.atomic():
        process_id = Task.objects.filter(pk=task_id).values_list("process_id", flat=True).first()
        if process_id is None:
            raise NotFound("task_not_found", _("未找到该任务。"))
        process = _locked(process_id)
        task = (
            Task.objects.select_for_update(of=("self",))
            .select_related("department")
            .get(pk=task_id)
        )
        _check_official(task, official, process)
        _validate_action(task, process, action, opinion, missing)
        if action in ("suspend", "resume"):
            event = _special_procedure(process, task, action, opinion, actor)
        else:
            task.status, task.outcome, task.opinion = TaskStatus.DONE, action, opinion
            task.missing, task.actor, task.completed_at = missing, official.user, timezone.now()
            task.save()
            event = HANDLERS[(task.kind, action)](process, task, actor)
    return ActionResult(process=process, task=task, event=event)


def _cancel_open(process: Process) -> None:
    process.tasks.filter(status=TaskStatus.OPEN).update(
        status=TaskStatus.CANCELLED, completed_at=timezone.now()
    )


def _count_deadline(process: Process, calendar: WorkCalendar) -> None:
    """The promised deadline from acceptance, and whether it was counted through a year whose
    official holiday schedule is not loaded yet (then it is marked 预计)."""
    accepted_on = timezone.localdate(process.accepted_at)
    process.deadline = rules.deadline(
        accepted_on, process.promised_days, process.paused_days, calendar.is_workday
    )
    process.deadline_provisional = bool(calendar.provisional_years(accepted_on, process.deadline))


def _accept(
    process: Process, task: Task | None, actor: audit.Actor, *, deemed: bool = False
) -> ProcessEvent:
    process.accepted_at = process.intake_started_at if deemed else timezone.now()
    process.deemed_accepted = deemed
    _count_deadline(process, WorkCalendar())
    process.save(
        update_fields=["accepted_at", "deemed_accepted", "deadline", "deadline_provisional"]
    )
    text = _("逾期未作处理，依法视为受理。") if deemed else (task.opinion if task else "")
    department = task.department if task else process.tasks.get(kind="intake").department
    event = _event(
        process,
        "deemed_accepted" if deemed else "accepted",
        actor,
        department=department,
        text=text,
        changes={"deadline": process.deadline, "provisional": process.deadline_provisional},
    )
    _next_step(process, actor)
    return event


def _next_step(process: Process, actor: audit.Actor, proposal: str = "") -> None:
    index = process.step_index + 1
    steps = _steps(process)
    if index < len(steps):
        _enter_step(process, index, actor, proposal)
        return
    _close(process, ProcessState.COMPLETED)


def _close(process: Process, state: str) -> None:
    process.state, process.closed_at = state, timezone.now()
    process.save(update_fields=["state", "closed_at"])


def _refuse(process: Process, task: Task, actor: audit.Actor) -> ProcessEvent:
    _close(process, ProcessState.REFUSED)
    return _event(process, "refused", actor, department=task.department, text=task.opinion)


def _pause(process: Process, state: str) -> None:
    process.state, process.paused_since = state, timezone.now()
    process.save(update_fields=["state", "paused_since"])


def _request_correction(process: Process, task: Task, actor: audit.Actor) -> ProcessEvent:
    process.correction_notice_given = True
    process.save(update_fields=["correction_notice_given"])
    _pause(process, ProcessState.CORRECTION)
    return _event(
        process,
        "correction_requested",
        actor,
        department=task.department,
        text=task.opinion,
        changes={"missing": task.missing},
    )


def _review_approved(process: Process, task: Task, actor: audit.Actor) -> ProcessEvent:
    event = _event(process, "review_approved", actor, department=task.department, text=task.opinion)
    step = _steps(process)[process.step_index]
    done = process.tasks.filter(step=step.code, status=TaskStatus.DONE).count()
    if step.mode == "sequential" and done < len(step.departments):
        _open_tasks(process, step, [step.departments[done]])
    elif not process.tasks.filter(step=step.code, status=TaskStatus.OPEN).exists():
        _next_step(process, actor, proposal="approve")
    return event


def _review_denied(process: Process, task: Task, actor: audit.Actor) -> ProcessEvent:
    """Join rule: any denial ends the review; the decision step is asked to deny."""
    event = _event(process, "review_denied", actor, department=task.department, text=task.opinion)
    _cancel_open(process)
    decision = next(i for i, s in enumerate(_steps(process)) if s.kind == "decision")
    process.step_index = decision - 1
    _next_step(process, actor, proposal="deny")
    return event


def _review_returned(process: Process, task: Task, actor: audit.Actor) -> ProcessEvent:
    """Returned to the applicant: the whole review step starts again on resubmission."""
    _cancel_open(process)
    _pause(process, ProcessState.CORRECTION)
    return _event(process, "review_returned", actor, department=task.department, text=task.opinion)


def _decided(process: Process, task: Task, actor: audit.Actor) -> ProcessEvent:
    approved = task.outcome == "approve"
    process.decision = "approve" if approved else "deny"
    process.save(update_fields=["decision"])
    event = _event(
        process,
        "approved" if approved else "denied",
        actor,
        department=task.department,
        text=task.opinion,
    )
    if approved:
        _next_step(process, actor)
    else:
        _close(process, ProcessState.DENIED)
    return event


def _issued(process: Process, task: Task, actor: audit.Actor) -> ProcessEvent:
    event = _event(process, "issued", actor, department=task.department, text=task.opinion)
    _close(process, ProcessState.COMPLETED)
    return event


def _resume_clock(process: Process, state: str) -> None:
    """Close the current pause: its working days extend the deadline (art. 45). The pause is
    kept with the days it counted, so a holiday schedule loaded later can recount it."""
    calendar = WorkCalendar()
    if process.accepted_at is not None and process.paused_since is not None:
        first, last = timezone.localdate(process.paused_since), timezone.localdate()
        counted = rules.paused_working_days(first, last, calendar.is_workday)
        process.pauses = [*process.pauses, [first.isoformat(), last.isoformat(), counted]]
        process.paused_days += counted
        _count_deadline(process, calendar)
    process.state, process.paused_since = state, None
    process.save(
        update_fields=[
            "paused_days",
            "pauses",
            "deadline",
            "deadline_provisional",
            "state",
            "paused_since",
        ]
    )


def _special_procedure(
    process: Process, task: Task, action: str, opinion: str, actor: audit.Actor
) -> ProcessEvent:
    if action == "suspend":
        _pause(process, ProcessState.SUSPENDED)
        return _event(process, "suspended", actor, department=task.department, text=opinion)
    _resume_clock(process, ProcessState.REVIEW)
    return _event(
        process,
        "resumed",
        actor,
        department=task.department,
        text=opinion,
        changes={"deadline": process.deadline, "provisional": process.deadline_provisional},
    )


HANDLERS = {
    ("intake", "accept"): _accept,
    ("intake", "refuse"): _refuse,
    ("intake", "request_correction"): _request_correction,
    ("review", "approve"): _review_approved,
    ("review", "deny"): _review_denied,
    ("review", "return"): _review_returned,
    ("decision", "approve"): _decided,
    ("decision", "deny"): _decided,
    ("issuance", "issue"): _issued,
}


def resubmit(process: Process, actor: audit.Actor) -> Process:
    """The applicant has corrected: back to the window (intake correction, with a fresh 5-day
    intake period) or to the review step, which starts again (review return)."""
    with transaction.atomic():
        process = _locked(process.pk)
        if process.state != ProcessState.CORRECTION:
            raise Conflict("not_in_correction", _("此办件当前不需要补正。"))
        before_acceptance = process.accepted_at is None
        if before_acceptance:
            process.intake_started_at = timezone.now()
            process.save(update_fields=["intake_started_at"])
        step = _steps(process)[process.step_index]
        _resume_clock(process, ProcessState.INTAKE if before_acceptance else ProcessState.REVIEW)
        _event(process, "resubmitted", actor, text=_("申请人已提交补正材料。"))
        _open_tasks(
            process, step, step.departments if step.mode == "parallel" else step.departments[:1]
        )
    return process


def withdraw(process: Process, actor: audit.Actor, reason: str) -> Process:
    with transaction.atomic():
        process = _locked(process.pk)
        if process.state not in rules.WITHDRAWABLE:
            raise Conflict("cannot_withdraw", _("办件已作出决定或已办结，不能撤回。"))
        _cancel_open(process)
        if process.paused_since is not None:
            _resume_clock(process, process.state)  # the pause ends with the case, counted
        _close(process, ProcessState.WITHDRAWN)
        _event(process, "withdrawn", actor, text=reason)
    return process


@dataclass
class OverdueRun:
    """What one run of accept_overdue_intakes did."""

    accepted: list[str] = field(default_factory=list)
    # Overdue only by a provisional count: waiting for the official holiday schedule.
    waiting: list[str] = field(default_factory=list)
    # (case number, what went wrong): the run went on past each of them.
    failed: list[tuple[str, str]] = field(default_factory=list)


def _intake_overdue(started: dt.date, today: dt.date, calendar: WorkCalendar) -> str:
    """no | yes | waiting. An intake period counted through a year with no official schedule
    is over only once it is past under every arrangement: TONGBAN_PROVISIONAL_DEEMED_GRACE_DAYS
    after its provisional end, never on the provisional date itself."""
    days = settings.TONGBAN_INTAKE_DAYS
    if not rules.intake_overdue(started, today, days, calendar.is_workday):
        return "no"
    due = calendar.count(started, days)
    if not due.provisional:
        return "yes"
    grace = dt.timedelta(days=settings.TONGBAN_PROVISIONAL_DEEMED_GRACE_DAYS)
    return "yes" if today > due.date + grace else "waiting"


def accept_overdue_intakes(today: dt.date | None = None) -> OverdueRun:
    """视为受理: intake untouched past the statutory period (行政许可法 art. 32) is accepted as of
    the day the materials arrived, and recorded as such. Each case in its own transaction: one
    that fails is reported with its number and the run goes on."""
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    run = OverdueRun()
    candidates = Process.objects.filter(state=ProcessState.INTAKE).values_list(
        "pk", "number", "intake_started_at"
    )
    for pk, number, started in candidates.iterator(chunk_size=1000):
        try:
            overdue = _intake_overdue(timezone.localdate(started), today, calendar)
            if overdue == "waiting":
                run.waiting.append(number)
            elif overdue == "yes" and _deem_accepted(pk):
                run.accepted.append(number)
        except Exception as error:  # one broken case must not stop the others (issue 9)
            logger.exception("deemed acceptance failed for %s", number)
            run.failed.append((number, str(error) or type(error).__name__))
    return run


def _deem_accepted(pk: int) -> bool:
    with transaction.atomic():
        process = _locked(pk)
        if process.state != ProcessState.INTAKE:
            return False
        task = process.tasks.select_for_update().get(kind="intake", status=TaskStatus.OPEN)
        task.status, task.outcome, task.completed_at = TaskStatus.DONE, "accept", timezone.now()
        task.opinion = _("逾期视为受理")
        task.save()
        _accept(process, task, audit.SYSTEM, deemed=True)
    return True


OPEN_STATES = [state for state in ProcessState.values if state not in FINAL_STATES]


def recompute_provisional_dates(
    year: int, *, actor: audit.Actor = audit.SYSTEM, chunk_size: int = 500
) -> list[Recomputed]:
    """After ``year``'s official holiday schedule was loaded: recount every open deadline and
    task due date that was counted provisionally, in chunks of their own transactions, keyset
    by id. Running it again picks up where a broken run stopped (a date already recounted is
    left as it is). Each change is audited; an applicant whose deadline moved sees why on the
    case's history."""
    deadlines = _recount_each(
        Process.objects.filter(deadline_provisional=True, state__in=OPEN_STATES),
        lambda pk, calendar: _recount_deadline(pk, calendar, year, actor),
        chunk_size,
    )
    dues = _recount_each(
        Task.objects.filter(due_provisional=True, status=TaskStatus.OPEN),
        lambda pk, calendar: _recount_task(pk, calendar, actor),
        chunk_size,
    )
    return [
        Recomputed(_("办结期限"), *deadlines),
        Recomputed(_("环节期限"), *dues),
    ]


def recompute_after_calendar_load(
    sender: object, *, year: int, actor: audit.Actor, **kwargs: object
) -> list[Recomputed]:
    """Receiver of core.signals.holiday_year_loaded."""
    return recompute_provisional_dates(year, actor=actor)


def _recount_each(
    rows: QuerySet, recount: Callable[[int, WorkCalendar], bool], chunk_size: int
) -> tuple[int, int]:
    """(examined, changed) over ``rows`` (a queryset), chunk by chunk."""
    calendar = WorkCalendar()
    examined = changed = 0
    after = 0
    while True:
        page = rows.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)
        ids = list(page[:chunk_size])
        if not ids:
            return examined, changed
        with transaction.atomic():
            for pk in ids:
                examined += 1
                changed += recount(pk, calendar)
        after = ids[-1]


def _recount_pauses(process: Process, calendar: WorkCalendar) -> None:
    """paused_days with each recorded pause counted again (earlier pauses kept as counted)."""
    if not process.pauses:
        return
    recounted = []
    for first, last, counted in process.pauses:
        days = rules.paused_working_days(
            dt.date.fromisoformat(first), dt.date.fromisoformat(last), calendar.is_workday
        )
        process.paused_days += days - counted
        recounted.append([first, last, days])
    process.pauses = recounted


def _recount_deadline(pk: int, calendar: WorkCalendar, year: int, actor: audit.Actor) -> bool:
    process = _locked(pk)
    if process.accepted_at is None or not process.deadline_provisional or process.is_final:
        return False
    before = process.deadline
    _recount_pauses(process, calendar)
    _count_deadline(process, calendar)
    process.save(update_fields=["paused_days", "pauses", "deadline", "deadline_provisional"])
    changes = {
        "deadline_before": before,
        "deadline": process.deadline,
        "provisional": process.deadline_provisional,
        "calendar_year": year,
    }
    if process.deadline == before:
        audit.record("process.deadline_confirmed", process, actor=actor, changes=changes)
        return False
    text = _("%(year)s 年放假安排已公布，办结期限由 %(before)s 调整为 %(after)s。") % {
        "year": year,
        "before": before.isoformat(),
        "after": process.deadline.isoformat(),
    }
    _event(process, "deadline_recomputed", actor, text=text, changes=changes)
    return True


def _recount_task(pk: int, calendar: WorkCalendar, actor: audit.Actor) -> bool:
    process_id = Task.objects.filter(pk=pk).values_list("process_id", flat=True).get()
    process = _locked(process_id)
    task = Task.objects.select_for_update(of=("self",)).get(pk=pk)
    if task.status != TaskStatus.OPEN or not task.due_provisional:
        return False
    step = next(spec for spec in _steps(process) if spec.code == task.step)
    before = task.due_on
    task.due_on, task.due_provisional = _due_on(
        process, step, calendar, timezone.localdate(task.created_at)
    )
    task.save(update_fields=["due_on", "due_provisional"])
    audit.record(
        "task.due_recomputed",
        task,
        actor=actor,
        changes={"due_before": before, "due_on": task.due_on, "provisional": task.due_provisional},
    )
    return task.due_on != before

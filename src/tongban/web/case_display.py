"""How the application pages tell a case in words: statuses, the events of the timeline, the
officials' actions, the deadline badge, the answers. Shared by the portal (申请人) and the
workbench (工作人员); nothing here changes anything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongban.cases.models import Case
from tongban.catalog.models import Question
from tongban.core.workdays import WorkCalendar, provisional_label
from tongban.workflow import rules
from tongban.workflow.models import Process, ProcessEvent, ProcessState, Task
from tongban.workflow.selectors import clock_of

DRAFT = "draft"

EVENT_LABELS = {
    "submitted": pgettext_lazy("event", "提交申请"),
    "accepted": pgettext_lazy("event", "受理"),
    "deemed_accepted": pgettext_lazy("event", "逾期视为受理"),
    "refused": pgettext_lazy("event", "不予受理"),
    "correction_requested": pgettext_lazy("event", "一次性告知补正"),
    "resubmitted": pgettext_lazy("event", "提交补正材料"),
    "review_approved": pgettext_lazy("event", "审查同意"),
    "review_denied": pgettext_lazy("event", "审查不同意"),
    "review_returned": pgettext_lazy("event", "退回补正"),
    "suspended": pgettext_lazy("event", "启动特别程序（暂停计时）"),
    "resumed": pgettext_lazy("event", "特别程序结束（恢复计时）"),
    "approved": pgettext_lazy("event", "准予许可"),
    "denied": pgettext_lazy("event", "不予许可"),
    "issued": pgettext_lazy("event", "制证发证"),
    "deadline_recomputed": pgettext_lazy("event", "办结期限按公布的放假安排重新计算"),
    "withdrawn": pgettext_lazy("event", "申请人撤回"),
}

# What an official's button says; a decision's approve and deny are the licence decision.
ACTION_LABELS = {
    "accept": pgettext_lazy("action", "受理"),
    "refuse": pgettext_lazy("action", "不予受理"),
    "request_correction": pgettext_lazy("action", "一次性告知补正"),
    "approve": pgettext_lazy("action", "同意"),
    "deny": pgettext_lazy("action", "不同意"),
    "return": pgettext_lazy("action", "退回补正"),
    "suspend": pgettext_lazy("action", "启动特别程序"),
    "resume": pgettext_lazy("action", "结束特别程序"),
    "issue": pgettext_lazy("action", "出证"),
}
DECISION_LABELS = {
    "approve": pgettext_lazy("decision", "准予许可"),
    "deny": pgettext_lazy("decision", "不予许可"),
}

# 我的办件's status filter: each choice is a group of process states.
STATUS_FILTERS: dict[str, tuple[Any, tuple[str, ...]]] = {
    DRAFT: (_("草稿"), ()),
    "active": (
        _("办理中"),
        (
            ProcessState.INTAKE,
            ProcessState.REVIEW,
            ProcessState.SUSPENDED,
            ProcessState.DECISION,
            ProcessState.ISSUANCE,
        ),
    ),
    "correction": (_("补正中"), (ProcessState.CORRECTION,)),
    "closed": (
        _("已办结"),
        (ProcessState.COMPLETED, ProcessState.DENIED, ProcessState.REFUSED),
    ),
    "withdrawn": (_("已撤回"), (ProcessState.WITHDRAWN,)),
}

CLOCK_LABELS = {
    "green": _("正常"),
    "yellow": _("即将到期"),
    "red": _("已超期"),
    "paused": _("暂停计时"),
}


def filter_by_status(cases: QuerySet[Case], status: str) -> QuerySet[Case]:
    """Cases in one of STATUS_FILTERS' groups; an unknown status filters nothing."""
    if status == DRAFT:
        return cases.filter(process__isnull=True)
    if status in STATUS_FILTERS:
        return cases.filter(process__state__in=STATUS_FILTERS[status][1])
    return cases


def status_label(case: Case) -> Any:
    return case.process.get_state_display() if case.process_id else STATUS_FILTERS[DRAFT][0]


def action_label(task_kind: str, action: str) -> Any:
    if task_kind == Task.Kind.DECISION and action in DECISION_LABELS:
        return DECISION_LABELS[action]
    return ACTION_LABELS.get(action, action)


def event_label(event: ProcessEvent) -> Any:
    return EVENT_LABELS.get(event.kind, event.kind)


def step_name(process: Process, code: str | None = None) -> str:
    """The name the process definition gives a step (the current one by default)."""
    steps = process.definition.steps
    if code is None:
        return steps[process.step_index]["name"] if process.step_index < len(steps) else ""
    return next((step["name"] for step in steps if step["code"] == code), code)


def current_step(process: Process) -> Any:
    """Where the case stands: the step being worked on, or who has to move next."""
    if process.is_final:
        return ""
    if process.state == ProcessState.CORRECTION:
        return _("等待申请人补正")
    return step_name(process)


@dataclass(frozen=True)
class Badge:
    """A deadline badge: the colour is never the only sign, the label says it too."""

    colour: str  # green | yellow | red | paused | none
    remaining: int | None
    due: dt.date | None = None
    # 预计（2027 年放假安排未公布） when ``due`` was counted through a year with no official
    # holiday schedule; empty otherwise.
    provisional: str = ""

    @property
    def label(self) -> Any:
        return CLOCK_LABELS.get(self.colour, "")

    @property
    def overdue_days(self) -> int:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0


def provisional_note(
    calendar: WorkCalendar, provisional: bool, since: dt.date, due: dt.date | None
) -> str:
    """The 预计 mark of a date counted from ``since``, naming the years not yet announced."""
    if not provisional or due is None:
        return ""
    return provisional_label(calendar.unannounced_years(since, due))


def process_badge(process: Process) -> Badge:
    """One case's badge from workflow.selectors.clock_of. A case sent back for correction
    before acceptance has no deadline yet (the intake period starts again on resubmission);
    its badge says the clock is paused all the same."""
    calendar = WorkCalendar()
    clock = clock_of(process, calendar=calendar)
    if clock.colour == "none" and process.state in rules.PAUSED:
        return Badge("paused", None)
    if process.accepted_at is None:
        return Clocks(calendar).of_process(process)
    note = provisional_note(
        calendar,
        process.deadline_provisional,
        timezone.localdate(process.accepted_at),
        process.deadline,
    )
    return Badge(clock.colour, clock.remaining, process.deadline, note)


class Clocks:
    """The deadline badges of a list page, with one working-day calendar for all rows (each
    calendar reads the holiday table once)."""

    def __init__(self, calendar: WorkCalendar | None = None) -> None:
        self.calendar = calendar or WorkCalendar()
        self.today = timezone.localdate()
        self.yellow = settings.TONGBAN_DEADLINE_YELLOW_DAYS

    def _paused_on(self, process: Process) -> dt.date | None:
        if process.state in rules.PAUSED and process.paused_since is not None:
            return timezone.localdate(process.paused_since)
        return None

    def of_process(self, process: Process) -> Badge:
        """What process_badge says, without a calendar (and its queries) per row."""
        if process.is_final:
            return Badge("none", None)
        if process.accepted_at is None:
            if process.state != ProcessState.INTAKE:
                return Badge("paused" if process.state in rules.PAUSED else "none", None)
            started = timezone.localdate(process.intake_started_at)
            counted = self.calendar.count(started, settings.TONGBAN_INTAKE_DAYS)
            note = provisional_note(self.calendar, counted.provisional, started, counted.date)
            return self._badge(counted.date, None, note)
        accepted_on = timezone.localdate(process.accepted_at)
        note = provisional_note(
            self.calendar, process.deadline_provisional, accepted_on, process.deadline
        )
        return self._badge(process.deadline, self._paused_on(process), note)

    def of_task(self, task: Task) -> Badge:
        """A task against its own due date (环节期限), which the queue sorts by."""
        opened_on = timezone.localdate(task.created_at)
        note = provisional_note(self.calendar, task.due_provisional, opened_on, task.due_on)
        return self._badge(task.due_on, self._paused_on(task.process), note)

    def _badge(self, due: dt.date | None, paused_on: dt.date | None, note: str = "") -> Badge:
        clock = rules.clock(self.today, due, paused_on, self.yellow, self.calendar.is_workday)
        return Badge(clock.colour, clock.remaining, due, note)


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str


def answers_in_words(questions: list[Question], answers: dict[str, Any]) -> list[AnswerRow]:
    """Each answered question's text with the labels of the options chosen, in the order the
    guide asks them; an answer the catalogue no longer knows is shown as it was stored."""
    rows = []
    by_code = {q.code: q for q in questions}
    for code in [q.code for q in questions] + [c for c in answers if c not in by_code]:
        if code not in answers:
            continue
        question = by_code.get(code)
        chosen = answers[code] if isinstance(answers[code], list) else [answers[code]]
        labels = {o.code: o.label for o in question.options.all()} if question else {}
        rows.append(
            AnswerRow(
                question=question.text if question else code,
                answer="、".join(labels.get(c, str(c)) for c in chosen),
            )
        )
    return rows


def latest_correction(process: Process) -> Task | None:
    """The task that sent the case back to the applicant: the window's one-time correction
    notice (一次性告知, with its list) or a reviewer's return (退回补正, an opinion only)."""
    return (
        process.tasks.filter(Q(outcome="request_correction") | Q(outcome="return"), status="done")
        .select_related("department")
        .order_by("-completed_at", "-id")
        .first()
    )

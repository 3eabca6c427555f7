"""Scoped reads of processes and tasks: an official sees their own department's work inside
their region, nothing else."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from tongban.accounts.models import Official
from tongban.core.workdays import WorkCalendar
from tongban.workflow import rules
from tongban.workflow.models import Process, Task, TaskStatus


def task_queue(official: Official) -> QuerySet[Task]:
    """待办: open tasks of the official's department and roles in their region, soonest due
    first. Served by the partial index task_queue (department, role, due_on, id)."""
    return (
        Task.objects.filter(
            status=TaskStatus.OPEN,
            department=official.department,
            role__in=official.role_codes,
            process__region_code__startswith=official.region.scope_prefix,
        )
        .select_related("process__implementation__item", "department")
        .order_by("due_on", "id")
    )


def after_key(tasks: QuerySet[Task], due_on: dt.date, task_id: int) -> QuerySet[Task]:
    """Keyset pagination over (due_on, id): the page after a given task, never OFFSET.
    Every open task has a due date (intake period, step limit or process deadline)."""
    return tasks.filter(Q(due_on__gt=due_on) | Q(due_on=due_on, id__gt=task_id))


def official_sees(official: Official, process: Process) -> bool:
    """An official sees a process in their region that their department has (had) a task in;
    a supervisor sees every process in their region."""
    if not process.region_code.startswith(official.region.scope_prefix):
        return False
    if official.has_role("supervisor"):
        return True
    return process.tasks.filter(department=official.department).exists()


def clock_of(
    process: Process, today: dt.date | None = None, calendar: WorkCalendar | None = None
) -> rules.Clock:
    """Where a process stands against its deadline. Pass one ``calendar`` for a whole list:
    it reads each loaded year once."""
    if process.is_final:
        return rules.Clock(None, "none")
    calendar = calendar or WorkCalendar()
    paused_on = timezone.localdate(process.paused_since) if process.paused_since else None
    due = process.deadline if process.accepted_at else _intake_due(process, calendar)
    return rules.clock(
        today or timezone.localdate(),
        due,
        paused_on if process.accepted_at else None,
        settings.TONGBAN_DEADLINE_YELLOW_DAYS,
        calendar.is_workday,
    )


def _intake_due(process: Process, calendar: WorkCalendar) -> dt.date | None:
    if process.state != "intake":
        return None
    started = timezone.localdate(process.intake_started_at)
    return calendar.add_working_days(started, settings.TONGBAN_INTAKE_DAYS)

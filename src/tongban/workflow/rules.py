"""Pure rules of the engine: which action a task of a given kind accepts in which state, and
the statutory clock (行政许可法 arts. 32, 42, 45, 82; STANDARDS.md §2.4, §7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tongban.core.workdays import IsWorkday, add_working_days, working_days_between

# (task kind, action) -> the process state the task must be in.
TASK_ACTIONS: dict[tuple[str, str], str] = {
    ("intake", "accept"): "intake",
    ("intake", "refuse"): "intake",
    ("intake", "request_correction"): "intake",
    ("review", "approve"): "review",
    ("review", "deny"): "review",
    ("review", "return"): "review",
    ("review", "suspend"): "review",
    ("review", "resume"): "suspended",
    ("decision", "approve"): "decision",
    ("decision", "deny"): "decision",
    ("issuance", "issue"): "issuance",
}

# Actions that must come with an opinion saying why.
NEEDS_OPINION = frozenset({"refuse", "deny", "return", "suspend", "request_correction"})

# States the applicant may withdraw from: any before the decision is made.
WITHDRAWABLE = frozenset({"intake", "correction", "review", "suspended", "decision"})

# States in which the promised-time clock stands still (correction, special procedures).
PAUSED = frozenset({"correction", "suspended"})


def allowed_actions(task_kind: str, state: str) -> list[str]:
    return [
        action
        for (kind, action), needed in TASK_ACTIONS.items()
        if kind == task_kind and needed == state
    ]


@dataclass(frozen=True)
class Clock:
    """Where a process stands against its deadline on a given day."""

    remaining: int | None  # working days left; negative when overdue; None before acceptance
    colour: str  # green | yellow | red | paused | none


def deadline(
    accepted_on: dt.date, promised_days: int, paused_days: int, is_workday: IsWorkday
) -> dt.date:
    """承诺办结期限: counted in working days from the day after acceptance (民法典 art. 201),
    extended by the working days the clock stood still (art. 45 periods, corrections)."""
    return add_working_days(accepted_on, promised_days + paused_days, is_workday)


def paused_working_days(since: dt.date, until: dt.date, is_workday: IsWorkday) -> int:
    """Working days a pause covered: the days after it began, up to the day it ended."""
    return max(0, working_days_between(since, until, is_workday))


def clock(
    today: dt.date,
    due: dt.date | None,
    paused_on: dt.date | None,
    yellow_days: int,
    is_workday: IsWorkday,
) -> Clock:
    if due is None:
        return Clock(None, "none")
    if paused_on is not None:
        return Clock(working_days_between(paused_on, due, is_workday), "paused")
    remaining = working_days_between(today, due, is_workday)
    if remaining < 0:
        return Clock(remaining, "red")
    return Clock(remaining, "yellow" if remaining <= yellow_days else "green")


def intake_overdue(started_on: dt.date, today: dt.date, days: int, is_workday: IsWorkday) -> bool:
    """More than ``days`` working days since intake began with no decision: 视为受理 (art. 32)."""
    return working_days_between(started_on, today, is_workday) > days

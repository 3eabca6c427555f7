"""Hypothesis drives random sequences of every action (officials, applicant, time passing)
through the real engine and database, and checks after each step that no impossible state
is reached and no pause is lost from the deadline."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tests.workflow.conftest import start
from tongban.core import audit
from tongban.core.errors import DomainError
from tongban.core.workdays import WorkCalendar
from tongban.workflow import rules, services
from tongban.workflow.models import FINAL_STATES, Process, ProcessState, TaskStatus

ACTIONS = [
    "accept",
    "refuse",
    "request_correction",
    "approve",
    "deny",
    "return",
    "suspend",
    "resume",
    "issue",
]
WITH_TASKS = {
    ProcessState.INTAKE,
    ProcessState.REVIEW,
    ProcessState.SUSPENDED,
    ProcessState.DECISION,
    ProcessState.ISSUANCE,
}


def machine(entry, officials):
    class EngineMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.process = start(entry)
            self.expected_paused = 0
            self.pause_began: dt.date | None = None

        def _reload(self) -> None:
            before = self.process.paused_since
            self.process.refresh_from_db()
            now_paused = self.process.paused_since
            if before is None and now_paused is not None:
                self.pause_began = timezone.localdate(now_paused)
            if before is not None and now_paused is None and self.process.accepted_at:
                self.expected_paused += rules.paused_working_days(
                    self.pause_began, timezone.localdate(), WorkCalendar().is_workday
                )

        @rule(who=st.sampled_from(["clerk", "scjg", "wjw", "xf"]), action=st.sampled_from(ACTIONS))
        def official_acts(self, who: str, action: str) -> None:
            official = officials[who]
            task = self.process.tasks.filter(
                status=TaskStatus.OPEN, department=official.department
            ).first()
            if task is None:
                return
            # A refused action (wrong state, one notice only …) changes nothing.
            with contextlib.suppress(DomainError):
                services.act_on_task(
                    task.pk,
                    official,
                    action,
                    opinion="理由",
                    missing=[{"material": "lease", "reason": "缺章"}],
                )
            self._reload()

        @rule()
        def applicant_resubmits(self) -> None:
            with contextlib.suppress(DomainError):
                services.resubmit(self.process, audit.SYSTEM)
            self._reload()

        @rule()
        def applicant_withdraws(self) -> None:
            with contextlib.suppress(DomainError):
                services.withdraw(self.process, audit.SYSTEM, "撤回")
            self._reload()

        @rule(days=st.integers(min_value=1, max_value=12))
        def time_passes(self, days: int) -> None:
            """Move the process's past back, as if ``days`` had gone by."""
            shift = dt.timedelta(days=days)
            process = self.process
            for field in ("submitted_at", "intake_started_at", "accepted_at", "paused_since"):
                value = getattr(process, field)
                if value is not None:
                    setattr(process, field, value - shift)
            if process.accepted_at is not None:
                process.deadline = rules.deadline(
                    timezone.localdate(process.accepted_at),
                    process.promised_days,
                    process.paused_days,
                    WorkCalendar().is_workday,
                )
            process.save()
            if self.pause_began is not None:
                self.pause_began -= shift

        @invariant()
        def open_tasks_match_the_state(self) -> None:
            state = self.process.state
            open_tasks = self.process.tasks.filter(status=TaskStatus.OPEN).count()
            if state in FINAL_STATES or state == ProcessState.CORRECTION:
                assert open_tasks == 0, (state, open_tasks)
            if state in WITH_TASKS:
                assert open_tasks >= 1, state

        @invariant()
        def the_clock_stands_still_exactly_while_paused(self) -> None:
            paused = self.process.paused_since is not None
            assert paused == (self.process.state in rules.PAUSED), self.process.state

        @invariant()
        def no_pause_is_lost(self) -> None:
            process = self.process
            assert process.paused_days == self.expected_paused
            if process.accepted_at is not None:
                assert process.deadline == rules.deadline(
                    timezone.localdate(process.accepted_at),
                    process.promised_days,
                    process.paused_days,
                    WorkCalendar().is_workday,
                )

        @invariant()
        def a_denied_review_never_ends_approved(self) -> None:
            denied = self.process.events.filter(kind="review_denied").exists()
            if denied and self.process.is_final:
                assert self.process.state in (ProcessState.DENIED, ProcessState.WITHDRAWN)

    return EngineMachine


@pytest.mark.django_db
def test_random_action_sequences_keep_the_engine_consistent(food_entry, officials):
    run_state_machine_as_test(
        machine(food_entry, officials),
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert audit.verify().ok
    assert Process.objects.exists()

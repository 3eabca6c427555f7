"""The engine's pure rules: the action table and the statutory clock in working days."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from tongban.workflow import rules

D = dt.date


def is_workday(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day)


@pytest.mark.parametrize(
    ("kind", "state", "actions"),
    [
        ("intake", "intake", ["accept", "refuse", "request_correction"]),
        ("intake", "review", []),
        ("review", "review", ["approve", "deny", "return", "suspend"]),
        ("review", "suspended", ["resume"]),
        ("decision", "decision", ["approve", "deny"]),
        ("issuance", "issuance", ["issue"]),
        ("decision", "completed", []),
    ],
)
def test_each_task_kind_accepts_its_actions_in_its_state(kind, state, actions):
    assert rules.allowed_actions(kind, state) == actions


def test_a_deadline_skips_the_national_day_holiday_and_counts_the_make_up_saturday():
    # Accepted 2025-09-30; 1–8 October are off, Saturday 11 October is a working day.
    assert rules.deadline(D(2025, 9, 30), 5, 0, is_workday) == D(2025, 10, 14)


def test_the_acceptance_day_itself_is_not_counted():
    assert rules.deadline(D(2025, 11, 3), 1, 0, is_workday) == D(2025, 11, 4)


def test_a_pause_extends_the_deadline_by_its_working_days():
    # Paused Friday 2025-11-07, resumed Wednesday 2025-11-12: Mon, Tue, Wed = 3 working days.
    paused = rules.paused_working_days(D(2025, 11, 7), D(2025, 11, 12), is_workday)
    assert paused == 3
    assert rules.deadline(D(2025, 11, 3), 10, paused, is_workday) == D(2025, 11, 20)


def test_a_pause_over_spring_festival_counts_only_working_days():
    # 2026 Spring Festival: 15–23 February off, 14 and 28 February (Saturdays) worked.
    assert rules.paused_working_days(D(2026, 2, 13), D(2026, 2, 24), is_workday) == 2


@pytest.mark.parametrize(
    ("today", "colour", "remaining"),
    [
        (D(2025, 11, 10), "green", 4),
        (D(2025, 11, 12), "yellow", 2),
        (D(2025, 11, 14), "yellow", 0),
        (D(2025, 11, 17), "red", -1),
    ],
)
def test_the_clock_turns_yellow_then_red(today, colour, remaining):
    clock = rules.clock(today, D(2025, 11, 14), None, 2, is_workday)
    assert (clock.colour, clock.remaining) == (colour, remaining)


def test_a_paused_clock_keeps_the_days_it_had():
    clock = rules.clock(D(2025, 12, 30), D(2025, 11, 14), D(2025, 11, 10), 2, is_workday)
    assert (clock.colour, clock.remaining) == ("paused", 4)


def test_intake_is_overdue_after_the_fifth_working_day():
    # Submitted Friday 2025-11-07: 5 working days end Friday 2025-11-14.
    assert not rules.intake_overdue(D(2025, 11, 7), D(2025, 11, 14), 5, is_workday)
    assert rules.intake_overdue(D(2025, 11, 7), D(2025, 11, 17), 5, is_workday)

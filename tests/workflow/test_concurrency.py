"""Officials acting on one task at the same moment, in real threads on a real database:
exactly one wins, every other one is told the task is already done, nothing is half-written."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.factories import make_official
from tests.workflow.conftest import start
from tongban.core import audit
from tongban.core.errors import Conflict
from tongban.workflow import services
from tongban.workflow.models import Process

THREADS = 6
pytestmark = pytest.mark.django_db(transaction=True)


def race(task_id: int, clerks: list, actions: list[str]) -> tuple[list[str], list[Exception]]:
    barrier = threading.Barrier(len(clerks))
    won: list[str] = []
    lost: list[Exception] = []

    def attempt(clerk, action: str) -> None:
        try:
            barrier.wait()
            services.act_on_task(task_id, clerk, action, opinion="并发测试")
            won.append(action)
        except Exception as error:  # the main thread inspects every failure
            lost.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=pair) for pair in zip(clerks, actions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won, lost


def test_one_of_six_clerks_wins_the_intake_task(food_entry, officials, city):
    process = start(food_entry)
    task = process.tasks.get()
    clerks = [officials["clerk"]] + [
        make_official(department=city["zwfw"], roles=("window_clerk",)) for _ in range(THREADS - 1)
    ]
    actions = ["accept", "refuse"] * (THREADS // 2)

    won, lost = race(task.pk, clerks, actions)

    assert len(won) == 1
    assert len(lost) == THREADS - 1
    assert all(isinstance(error, Conflict) for error in lost), lost
    process = Process.objects.get(pk=process.pk)
    assert process.state == ("review" if won == ["accept"] else "refused")
    decisive = process.events.filter(kind__in=["accepted", "refused"]).count()
    assert decisive == 1
    assert audit.verify().ok


def test_parallel_reviewers_finishing_together_open_one_decision(food_entry, officials):
    process = start(food_entry)
    services.act_on_task(process.tasks.get().pk, officials["clerk"], "accept")
    reviewers = [officials["scjg"], officials["wjw"], officials["xf"]]
    tasks = {t.department_id: t.pk for t in process.tasks.filter(status="open")}
    barrier = threading.Barrier(len(reviewers))
    errors: list[Exception] = []

    def approve(official) -> None:
        try:
            barrier.wait()
            services.act_on_task(tasks[official.department_id], official, "approve")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    process = Process.objects.get(pk=process.pk)
    assert process.state == "decision"
    assert process.tasks.filter(kind="decision").count() == 1

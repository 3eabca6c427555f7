"""A demo city with its departments and process definitions, and the 食品经营许可 entry that
runs through the parallel review of 市场监管 + 卫健 + 消防."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.catalog.conftest import CATERING, food_licence_line, load
from tests.factories import make_official
from tongban.accounts.models import Official
from tongban.catalog.models import Implementation
from tongban.core import audit
from tongban.core.models import Department
from tongban.demo import seeding
from tongban.workflow import services
from tongban.workflow.models import Process, Task


@pytest.fixture
def city(db) -> dict[str, Department]:
    seeding.departments_of(seeding.regions())
    seeding.processes()
    return {d.kind: d for d in Department.objects.filter(region__code="370100")}


@pytest.fixture
def food_entry(city) -> Implementation:
    load(CATERING, food_licence_line(city["scjg"], process="food-licence"))
    return Implementation.objects.get(process_key="food-licence")


@pytest.fixture
def officials(city) -> dict[str, Official]:
    """One official per role and department the food-licence process needs."""
    return {
        "clerk": make_official(department=city["zwfw"], roles=("window_clerk",)),
        "scjg": make_official(department=city["scjg"], roles=("reviewer", "approver")),
        "wjw": make_official(department=city["wjw"], roles=("reviewer",)),
        "xf": make_official(department=city["xf"], roles=("reviewer",)),
    }


_numbers = iter(range(1, 10_000))


def start(entry: Implementation) -> Process:
    return services.start(
        number=f"TEST{next(_numbers):06d}",
        implementation=entry,
        submitted_at=timezone.now(),
        actor=audit.SYSTEM,
    )


def open_task(process: Process, department: Department) -> Task:
    return process.tasks.get(status="open", department=department)


def act(process: Process, official: Official, action: str, **kwargs) -> Process:
    task = open_task(process, official.department)
    services.act_on_task(task.pk, official, action, **kwargs)
    process.refresh_from_db()
    return process

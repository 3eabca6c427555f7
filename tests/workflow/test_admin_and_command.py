"""The catalogue administrator publishes definitions through the admin; the scheduler's
command accepts overdue intakes."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.workflow.conftest import start
from tongban.accounts.models import User
from tongban.workflow.models import Process, ProcessDefinition

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db) -> Client:
    client = Client()
    client.force_login(
        User.objects.create_superuser(username="root", full_name="管理员", password="x-Pass-123")
    )
    return client


def test_saving_a_definition_publishes_a_new_version(admin_client, city):
    current = ProcessDefinition.objects.filter(key="on-the-spot").order_by("-version").first()
    steps = list(current.steps)
    steps[1] = steps[1] | {"limit_days": 3}
    response = admin_client.post(
        f"/admin/workflow/processdefinition/{current.pk}/change/",
        {"key": "on-the-spot", "name": current.name, "steps": json.dumps(steps)},
    )
    assert response.status_code == 302
    versions = list(ProcessDefinition.objects.filter(key="on-the-spot").order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].steps == current.steps
    assert versions[1].steps[1]["limit_days"] == 3


def test_an_invalid_definition_is_shown_and_not_published(admin_client, city):
    response = admin_client.post(
        "/admin/workflow/processdefinition/add/",
        {
            "key": "broken",
            "name": "坏流程",
            "steps": json.dumps([{"code": "x", "name": "x", "kind": "decision"}]),
        },
    )
    assert response.status_code == 200
    assert "第一步必须是综合窗口受理" in response.content.decode()
    assert not ProcessDefinition.objects.filter(key="broken").exists()


def test_the_command_accepts_overdue_intakes(food_entry, officials):
    process = start(food_entry)
    arrived = timezone.now() - dt.timedelta(days=10)
    Process.objects.filter(pk=process.pk).update(intake_started_at=arrived)
    out = io.StringIO()
    call_command("workflow", "accept-overdue", stdout=out)
    assert f"视为受理：{process.number}" in out.getvalue()
    assert Process.objects.get(pk=process.pk).deemed_accepted

"""Process definitions are validated before they are published; each change is a version."""

from __future__ import annotations

import pytest

from tongban.core.errors import DomainError
from tongban.workflow import definitions, services
from tongban.workflow.models import ProcessDefinition

KINDS = {"zwfw", "scjg", "wjw", "xf"}
INTAKE = {"code": "intake", "name": "受理", "kind": "intake", "departments": ["centre"]}
DECISION = {"code": "decision", "name": "决定", "kind": "decision"}
REVIEW = {"code": "review", "name": "审查", "kind": "review", "departments": ["scjg", "wjw"]}


def problems(steps: object) -> dict[str, str]:
    with pytest.raises(definitions.DefinitionInvalid) as invalid:
        definitions.parse(steps, KINDS)
    return invalid.value.problems


def test_a_good_definition_parses_with_roles_from_step_kinds():
    steps = definitions.parse([INTAKE, REVIEW, DECISION], KINDS)
    assert [s.role for s in steps] == ["window_clerk", "reviewer", "approver"]


@pytest.mark.parametrize(
    ("steps", "where"),
    [
        ([REVIEW, DECISION], "steps[0]"),
        ([INTAKE, REVIEW], "steps.decision"),
        ([INTAKE, DECISION, REVIEW], "steps.order"),
        ([INTAKE, INTAKE | {"code": "again"}, DECISION], "steps"),
        ([INTAKE, REVIEW | {"departments": ["scjg", "mars"]}, DECISION], "steps[1].departments"),
        ([INTAKE, DECISION | {"departments": ["scjg", "wjw"]}], "steps[1].departments"),
        ([INTAKE, REVIEW | {"code": "intake"}, DECISION], "steps.code"),
        ([INTAKE, REVIEW | {"mode": "sometimes"}, DECISION], "steps[1].mode"),
        ([INTAKE, REVIEW | {"limit_days": 0}, DECISION], "steps[1].limit_days"),
        ("not a list", "steps"),
    ],
)
def test_a_bad_definition_is_refused_where_it_is_wrong(steps, where):
    assert where in problems(steps)


@pytest.mark.django_db
def test_publishing_again_makes_a_new_version_and_keeps_the_old(city):
    first = services.current_definition("food-licence")
    steps = [INTAKE, DECISION | {"departments": ["lead"]}]
    second = services.publish_definition("food-licence", "简化", steps)
    assert second.version == first.version + 1
    assert services.current_definition("food-licence") == second
    assert ProcessDefinition.objects.filter(key="food-licence").count() == 2


@pytest.mark.django_db
def test_publishing_an_invalid_definition_writes_nothing(city):
    with pytest.raises(DomainError) as refused:
        services.publish_definition("broken", "坏", [DECISION])
    assert refused.value.code == "definition_invalid"
    assert not ProcessDefinition.objects.filter(key="broken").exists()

"""Process definitions as data: the step schema and the rules a definition must satisfy before
it is published. Pure: no database here."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tongban.core import validation

# Department references inside a definition: the implementing department, the service centre
# of its region (综合窗口), or a department kind of the same region (scjg, wjw, xf …).
LEAD = "lead"
CENTRE = "centre"
CENTRE_KIND = "zwfw"

ROLE_OF_KIND = {
    "intake": "window_clerk",
    "review": "reviewer",
    "decision": "approver",
    "issuance": "approver",
}


class StepSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1, max_length=40)
    kind: Literal["intake", "review", "decision", "issuance"]
    departments: list[str] = Field(default_factory=lambda: [LEAD], min_length=1)
    mode: Literal["parallel", "sequential"] = "parallel"
    limit_days: int | None = Field(default=None, ge=1, le=365)

    @property
    def role(self) -> str:
        return ROLE_OF_KIND[self.kind]


class DefinitionInvalid(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def _shape_problems(steps: list[StepSpec]) -> dict[str, str]:
    kinds = [step.kind for step in steps]
    problems: dict[str, str] = {}
    if not kinds or kinds[0] != "intake":
        problems["steps[0]"] = _("第一步必须是综合窗口受理。")
    if kinds.count("intake") > 1:
        problems["steps"] = _("只能有一个受理步骤。")
    if kinds.count("decision") != 1:
        problems["steps.decision"] = _("必须恰好有一个决定步骤。")
    elif any(kind != "issuance" for kind in kinds[kinds.index("decision") + 1 :]):
        problems["steps.order"] = _("决定之后只能是出证步骤。")
    if kinds.count("issuance") > 1:
        problems["steps.issuance"] = _("最多只能有一个出证步骤。")
    codes = [step.code for step in steps]
    if len(set(codes)) != len(codes):
        problems["steps.code"] = _("步骤代码不能重复。")
    return problems


def _department_problems(steps: list[StepSpec], known_kinds: set[str]) -> dict[str, str]:
    problems: dict[str, str] = {}
    for index, step in enumerate(steps):
        unknown = [d for d in step.departments if d not in known_kinds | {LEAD, CENTRE}]
        if unknown:
            problems[f"steps[{index}].departments"] = _("未知部门类别：%(kinds)s") % {
                "kinds": "、".join(unknown)
            }
        if step.kind != "review" and len(step.departments) != 1:
            problems[f"steps[{index}].departments"] = _("只有审查步骤可以有多个部门。")
    return problems


def parse(raw: object, known_kinds: set[str]) -> list[StepSpec]:
    """Checked steps of a definition, or DefinitionInvalid with every problem in Chinese."""
    if not isinstance(raw, list):
        raise DefinitionInvalid({"steps": _("步骤应为列表。")})
    steps: list[StepSpec] = []
    problems: dict[str, str] = {}
    for index, item in enumerate(raw):
        try:
            steps.append(StepSpec.model_validate(item))
        except ValidationError as error:
            for path, message in validation.describe(error.errors(), whole="").items():
                problems[f"steps[{index}]{'.' + path if path else ''}"] = message
    if problems:
        raise DefinitionInvalid(problems)
    problems = _shape_problems(steps) | _department_problems(steps, known_kinds)
    if problems:
        raise DefinitionInvalid(problems)
    return steps

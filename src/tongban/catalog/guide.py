"""The situational guide (情形引导): from the answers given and who is applying, exactly which
materials are needed, and which questions still matter. Pure over prefetched objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tongban.catalog import conditions
from tongban.catalog.models import Material, Question
from tongban.core.errors import DomainError

Answer = str | list[str]


@dataclass
class GuideOutcome:
    needed: list[Material] = field(default_factory=list)
    # Needed or not depending on what is not known yet (an unanswered question, or who applies).
    undecided: list[Material] = field(default_factory=list)
    pending: list[Question] = field(default_factory=list)
    asked: list[Question] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.pending and not self.undecided


def check_answers(questions: Sequence[Question], answers: Mapping[str, Any]) -> dict[str, Answer]:
    """Refuse unknown questions and options (every problem at once); return clean answers."""
    by_code = {q.code: q for q in questions}
    clean: dict[str, Answer] = {}
    problems: dict[str, str] = {}
    for code, value in answers.items():
        question = by_code.get(code)
        if question is None:
            problems[code] = _("没有这个问题。")
            continue
        options = {option.code for option in question.options.all()}
        chosen = value if isinstance(value, list) else [value]
        if question.kind == Question.Kind.SINGLE and isinstance(value, list):
            problems[code] = _("此问题只能选择一项。")
        elif not all(isinstance(c, str) and c in options for c in chosen):
            problems[code] = _("请从给出的选项中选择。")
        else:
            clean[code] = list(dict.fromkeys(chosen)) if isinstance(value, list) else value
    if problems:
        raise DomainError("invalid_answers", _("部分回答无效。"), fields=problems)
    return clean


def _applicable_questions(
    questions: Sequence[Question], answers: Mapping[str, Answer], applicant: Mapping[str, Any]
) -> list[Question]:
    """Questions to ask: those whose own condition holds. One pass in order is enough, since a
    question's condition may only refer to questions before it (checked when saved)."""
    asked: list[Question] = []
    known: dict[str, Answer] = {}
    for question in questions:
        if conditions.evaluate(question.condition, known, applicant):
            asked.append(question)
            if question.code in answers:
                known[question.code] = answers[question.code]
    return asked


def compute(
    questions: Sequence[Question],
    materials: Sequence[Material],
    answers: Mapping[str, Any],
    applicant: Mapping[str, Any],
) -> GuideOutcome:
    clean = check_answers(questions, answers)
    outcome = GuideOutcome(asked=_applicable_questions(questions, clean, applicant))
    usable = {q.code: clean[q.code] for q in outcome.asked if q.code in clean}
    unanswered = {q.code: q for q in outcome.asked if q.code not in usable}
    pending: dict[str, Question] = {}
    for material in materials:
        decision = conditions.evaluate(material.condition, usable, applicant)
        if decision is True:
            outcome.needed.append(material)
        elif decision is None:
            outcome.undecided.append(material)
            for code in conditions.referenced_questions(material.condition):
                if code in unanswered:
                    pending[code] = unanswered[code]
    outcome.pending = [q for q in outcome.asked if q.code in pending]
    return outcome

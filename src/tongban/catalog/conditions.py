"""Conditions over a situation's answers and the applicant, written in CEL (Common Expression
Language, cel-python), a standard and portable format: the same text runs in any CEL engine.

    answers.venue == "rented"
    "catering" in answers.business_scope
    applicant.type == "organisation" || applicant.age < 18

Variables: ``answers.<question code>`` (a string, or a list for multiple choice) and
``applicant`` with ``type`` ("person" | "organisation"), ``age``, ``sex`` ("M" | "F") and
``region`` (6-digit code). Pure functions: no database here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import celpy
from django.utils.translation import gettext as _
from lark import Token, Tree

APPLICANT_FIELDS = frozenset({"type", "age", "sex", "region"})
ROOTS = frozenset({"answers", "applicant"})
COMPARISONS = frozenset({"relation_eq", "relation_ne", "relation_in"})
MAX_LENGTH = 2000

_environment = celpy.Environment()


@dataclass(frozen=True)
class Reference:
    root: str  # "answers" or "applicant"
    name: str


@lru_cache(maxsize=4096)
def _compile(text: str) -> Tree:
    return _environment.compile(text)


@lru_cache(maxsize=4096)
def _program(text: str) -> celpy.Runner:
    return _environment.program(_compile(text))


def _walk(node: Tree | Token) -> Iterator[Tree]:
    if isinstance(node, Tree):
        yield node
        for child in node.children:
            yield from _walk(child)


def _member_reference(node: Tree) -> Reference | None:
    """``answers.venue`` parses as member_dot(member(primary(ident answers)), venue)."""
    inner, name = node.children[0], node.children[1]
    if not isinstance(name, Token):
        return None
    idents = [t for t in _walk(inner) if t.data == "ident"]
    if len(idents) == 1 and len(list(_walk(inner))) == 3:
        return Reference(str(idents[0].children[0]), str(name))
    return None


def references(tree: Tree) -> list[Reference]:
    found = []
    for node in _walk(tree):
        if node.data == "member_dot":
            reference = _member_reference(node)
            if reference is not None:
                found.append(reference)
    return found


def _string_literals(tree: Tree) -> list[str]:
    values = []
    for node in _walk(tree):
        if node.data == "literal":
            token = str(node.children[0])
            if token[:1] in "\"'" and token[-1:] == token[:1]:
                values.append(token[1:-1])
    return values


def _compared_options(tree: Tree) -> Iterator[tuple[str, str]]:
    """(question, option) for every string compared with an answer: ``answers.q == "x"``,
    ``"x" in answers.q``, ``answers.q in ["x", "y"]``."""
    for node in _walk(tree):
        if node.data != "relation" or len(node.children) != 2:
            continue
        operator = node.children[0]
        if not isinstance(operator, Tree) or operator.data not in COMPARISONS:
            continue
        operands = [operator.children[0], node.children[1]]
        questions = {r.name for o in operands for r in references(o) if r.root == "answers"}
        for question in questions:
            for option in (v for o in operands for v in _string_literals(o)):
                yield question, option


def _root_names(tree: Tree) -> set[str]:
    """Every bare identifier used as a variable (function names such as has() excluded)."""
    return {str(node.children[0]) for node in _walk(tree) if node.data == "ident"}


def validate(text: str, questions: Mapping[str, set[str]]) -> list[str]:
    """Every problem with a condition, in the user's language; empty when it is good.
    ``questions`` maps each question code to its option codes."""
    if len(text) > MAX_LENGTH:
        return [_("条件过长（不超过%(max)s个字符）。") % {"max": MAX_LENGTH}]
    try:
        tree = _compile(text)
    except celpy.CELParseError as error:
        return [_("条件不是有效的 CEL 表达式：%(detail)s") % {"detail": str(error).splitlines()[0]}]
    problems = [
        _("未知变量“%(name)s”：只能使用 answers 和 applicant。") % {"name": name}
        for name in sorted(_root_names(tree) - ROOTS)
    ]
    for reference in references(tree):
        if reference.root == "answers" and reference.name not in questions:
            problems.append(_("条件引用了不存在的问题“%(q)s”。") % {"q": reference.name})
        if reference.root == "applicant" and reference.name not in APPLICANT_FIELDS:
            problems.append(
                _("申请人没有“%(f)s”属性（可用：type、age、sex、region）。") % {"f": reference.name}
            )
    for question, option in _compared_options(tree):
        if question in questions and option not in questions[question]:
            problems.append(_("问题“%(q)s”没有选项“%(o)s”。") % {"q": question, "o": option})
    return list(dict.fromkeys(problems))


def referenced_questions(text: str) -> list[str]:
    """The question codes a (valid) condition reads, in order of first use."""
    names = [r.name for r in references(_compile(text)) if r.root == "answers"]
    return list(dict.fromkeys(names))


def evaluate(text: str, answers: Mapping[str, Any], applicant: Mapping[str, Any]) -> bool | None:
    """True or False when the answers given decide it; None while an answer it needs is
    missing. A blank condition always holds. CEL's || and && forgive a missing answer on the
    side that does not matter, so `a || b` is decided as soon as either side is true."""
    if not text.strip():
        return True
    activation = {
        "answers": celpy.json_to_cel(dict(answers)),
        "applicant": celpy.json_to_cel(dict(applicant)),
    }
    try:
        result = _program(text).evaluate(activation)
    except celpy.CELEvalError:
        return None
    if isinstance(result, celpy.CELEvalError):
        return None
    return bool(result)

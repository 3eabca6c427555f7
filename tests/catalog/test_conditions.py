"""CEL conditions: refused with a clear message when they name what does not exist; decided
only when the answers decide them."""

from __future__ import annotations

import pytest

from tongban.catalog import conditions

QUESTIONS = {"venue": {"own", "rented"}, "scope": {"hot_food", "prepackaged"}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('answers.venu == "own"', "不存在的问题“venu”"),
        ('answers.venue == "rent"', "没有选项“rent”"),
        ('"bar" in answers.scope', "没有选项“bar”"),
        ('answers.scope in ["x"]', "没有选项“x”"),
        ("applicant.salary > 3", "没有“salary”属性"),
        ("user.type == 1", "未知变量“user”"),
        ('answers.venue == "own" &&', "不是有效的 CEL 表达式"),
        ("x" * 2001, "条件过长"),
    ],
)
def test_a_bad_condition_is_refused_with_a_chinese_reason(text, message):
    problems = conditions.validate(text, QUESTIONS)
    assert any(message in problem for problem in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        'answers.venue == "rented"',
        '"hot_food" in answers.scope && answers.venue != "own"',
        'applicant.type == "organisation" || applicant.age < 18',
        'has(answers.venue) && applicant.region.startsWith("3701")',
        "size(answers.scope) > 1",
    ],
)
def test_good_conditions_pass(text):
    assert conditions.validate(text, QUESTIONS) == []


@pytest.mark.parametrize(
    ("text", "answers", "applicant", "expected"),
    [
        ("", {}, {}, True),
        ('answers.venue == "rented"', {"venue": "rented"}, {}, True),
        ('answers.venue == "rented"', {"venue": "own"}, {}, False),
        ('answers.venue == "rented"', {}, {}, None),
        ('"hot_food" in answers.scope', {"scope": ["prepackaged", "hot_food"]}, {}, True),
        ('"hot_food" in answers.scope', {"scope": []}, {}, False),
        ('applicant.type == "person" || answers.venue == "own"', {}, {"type": "person"}, True),
        (
            'applicant.type == "person" && answers.venue == "own"',
            {},
            {"type": "organisation"},
            False,
        ),
        ('applicant.type == "person" && answers.venue == "own"', {}, {"type": "person"}, None),
        ("applicant.age >= 18", {}, {"age": 17}, False),
        ("applicant.age >= 18", {}, {}, None),
    ],
)
def test_evaluation_is_three_valued(text, answers, applicant, expected):
    assert conditions.evaluate(text, answers, applicant) is expected


def test_referenced_questions_in_order_of_use():
    text = '"hot_food" in answers.scope && answers.venue == "own" || answers.scope == []'
    assert conditions.referenced_questions(text) == ["scope", "venue"]

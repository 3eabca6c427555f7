"""The guide for several situations of the same item: exactly the materials each one needs."""

from __future__ import annotations

import pytest

from tongban.catalog import selectors
from tongban.core.errors import DomainError

pytestmark = pytest.mark.django_db
PERSON = {"type": "person", "age": 30, "sex": "F", "region": "370102"}
COMPANY = {"type": "organisation", "region": "370102"}


@pytest.mark.parametrize(
    ("answers", "applicant", "needed", "pending"),
    [
        # Nothing answered: the always-needed form, and the questions that decide the rest.
        ({}, PERSON, {"application"}, {"venue", "scope"}),
        # A person renting a place to sell packaged food.
        ({"venue": "rented", "scope": ["prepackaged"]}, PERSON, {"application", "lease"}, set()),
        # A company in its own premises cooking hot food in a big kitchen.
        (
            {"venue": "own", "scope": ["hot_food"], "kitchen": "yes"},
            COMPANY,
            {"application", "licence", "property", "layout", "ventilation"},
            set(),
        ),
        # Hot food, kitchen not answered yet: the kitchen question now matters.
        (
            {"venue": "own", "scope": ["hot_food"]},
            PERSON,
            {"application", "property", "layout"},
            {"kitchen"},
        ),
        # A small kitchen needs no ventilation description.
        (
            {"venue": "rented", "scope": ["hot_food", "prepackaged"], "kitchen": "no"},
            PERSON,
            {"application", "lease", "layout"},
            set(),
        ),
    ],
)
def test_materials_follow_the_situation(food_licence, answers, applicant, needed, pending):
    entry = selectors.implementation_detail(food_licence.code)
    outcome = selectors.guide_for(entry, answers, applicant)
    assert {m.code for m in outcome.needed} == needed
    assert {q.code for q in outcome.pending} == pending
    assert outcome.complete is (not pending)


def test_a_follow_up_question_is_not_asked_until_it_applies(food_licence):
    entry = selectors.implementation_detail(food_licence.code)
    before = selectors.guide_for(entry, {"scope": ["prepackaged"]}, PERSON)
    after = selectors.guide_for(entry, {"scope": ["hot_food"]}, PERSON)
    assert "kitchen" not in {q.code for q in before.asked}
    assert "kitchen" in {q.code for q in after.asked}


def test_an_answer_to_a_question_that_does_not_apply_is_ignored(food_licence):
    entry = selectors.implementation_detail(food_licence.code)
    outcome = selectors.guide_for(
        entry, {"venue": "own", "scope": ["prepackaged"], "kitchen": "yes"}, PERSON
    )
    assert "ventilation" not in {m.code for m in outcome.needed}


def test_anonymous_visitors_are_not_guessed_about(food_licence):
    entry = selectors.implementation_detail(food_licence.code)
    outcome = selectors.guide_for(entry, {"venue": "own", "scope": ["prepackaged"]}, {})
    assert "licence" in {m.code for m in outcome.undecided}
    assert not outcome.complete


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"venue": "castle"}, "venue"),
        ({"venue": ["own", "rented"]}, "venue"),
        ({"scope": ["hot_food", "spaceship"]}, "scope"),
    ],
)
def test_invalid_answers_are_refused_field_by_field(food_licence, answers, field):
    entry = selectors.implementation_detail(food_licence.code)
    with pytest.raises(DomainError) as refused:
        selectors.guide_for(entry, answers, PERSON)
    assert refused.value.code == "invalid_answers"
    assert field in refused.value.fields

"""Masking personal data for display: the length stays, the middle is hidden."""

from __future__ import annotations

import pytest

from tongban.core.masking import mask_id_number, mask_middle, mask_mobile, mask_name


def test_an_id_number_keeps_three_leading_and_four_trailing_characters() -> None:
    assert mask_id_number("370102199005171234") == "370***********1234"


def test_an_id_number_ending_in_x_keeps_the_x() -> None:
    assert mask_id_number("11010519491231002X") == "110***********002X"


def test_a_mobile_keeps_three_leading_and_four_trailing_digits() -> None:
    assert mask_mobile("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1234567", "*******"), ("123", "***"), ("12345678", "123*5678"), ("", "")],
)
def test_short_values_are_masked_entirely_rather_than_shown(value: str, expected: str) -> None:
    assert mask_id_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "*")]
)
def test_a_name_keeps_only_its_first_character(value: str, expected: str) -> None:
    assert mask_name(value) == expected


def test_mask_middle_uses_the_given_mask_character() -> None:
    assert mask_middle("abcdef", 1, 1, mask="#") == "a####f"

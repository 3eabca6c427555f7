"""Identifier rules: resident ID numbers (GB 11643), USCCs (GB 32100), mobiles, region codes."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tongban.core import codes
from tongban.core.errors import DomainError

CJK = re.compile(r"[\u4e00-\u9fff]")


def with_check_character(first17: str) -> str:
    return first17 + codes.resident_id_check_character(first17)


def assert_refused_in_chinese(call, value: str, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        call(value)
    assert caught.value.code == code
    assert CJK.search(str(caught.value.message)), caught.value.message


def test_the_gb_11643_example_number_is_valid_and_tells_birth_region_and_sex() -> None:
    person = codes.parse_resident_id("11010519491231002X")

    assert person.number == "11010519491231002X"
    assert person.birth_date == dt.date(1949, 12, 31)
    assert person.region_code == "110105"
    assert person.sex == "F"


def test_a_lowercase_x_and_spaces_are_accepted() -> None:
    assert codes.parse_resident_id(" 110105 19491231 002x ").number == "11010519491231002X"


def test_an_odd_sequence_digit_is_male() -> None:
    assert codes.parse_resident_id(with_check_character("37010219900517001")).sex == "M"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("110105194912310021", id="wrong check character"),
        pytest.param("11010519491231002", id="17 characters"),
        pytest.param("11010519491231002X1", id="19 characters"),
        pytest.param("1101051949123100AX", id="letters inside"),
        pytest.param("X10105194912310021", id="letter first"),
        pytest.param(with_check_character("11010519900230001"), id="February 30"),
        pytest.param(with_check_character("11010519901301001"), id="month 13"),
        pytest.param(with_check_character("11010521990101001"), id="born in 2199"),
        pytest.param("", id="empty"),
    ],
)
def test_invalid_resident_ids_are_refused_in_chinese(value: str) -> None:
    assert_refused_in_chinese(codes.parse_resident_id, value, "invalid_id_number")


def test_a_birth_date_after_today_is_refused() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    number = with_check_character(f"110105{tomorrow:%Y%m%d}001")

    with pytest.raises(DomainError, match="晚于今天"):
        codes.parse_resident_id(number)


def test_the_check_character_helper_agrees_with_the_standard_example() -> None:
    assert codes.resident_id_check_character("11010519491231002") == "X"


@pytest.mark.parametrize(
    "value",
    ["11370800MB28559184", "11650000010183859F", "11100000000013338W", "91110000600037341L"],
)
def test_real_government_and_company_usccs_are_valid(value: str) -> None:
    assert codes.normalise_uscc(value) == value


def test_a_uscc_is_uppercased_and_stripped() -> None:
    assert codes.normalise_uscc(" 91110000600037341l ") == "91110000600037341L"


@pytest.mark.parametrize("first17", ["Y1110000MA0000001", "N2370102MF0000001"])
def test_a_uscc_whose_registering_authority_is_a_letter_is_valid(first17: str) -> None:
    """GB 32100 / XG1-2016: Y 其他 and N 农业农村 register organisations too."""
    code = first17 + codes.uscc_check_character(first17)

    assert codes.normalise_uscc(code) == code


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("91110000600037341M", id="wrong check character"),
        pytest.param("9111000060003734IL", id="I"),
        pytest.param("91110000600037O41L", id="O"),
        pytest.param("9111000060003Z341L", id="Z"),
        pytest.param("911100006000S7341L", id="S"),
        pytest.param("91110000V00037341L", id="V"),
        pytest.param("9111A000600037341L", id="letter in the region code"),
        pytest.param("91110000-00037341L", id="punctuation"),
        pytest.param("91110000600037341", id="17 characters"),
        pytest.param("91110000600037341LL", id="19 characters"),
        pytest.param("", id="empty"),
    ],
)
def test_invalid_usccs_are_refused_in_chinese(value: str) -> None:
    assert_refused_in_chinese(codes.normalise_uscc, value, "invalid_uscc")


def test_the_uscc_check_character_helper_reproduces_a_real_code() -> None:
    assert codes.uscc_check_character("91110000600037341") == "L"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobile_numbers_are_normalised(value: str, expected: str) -> None:
    assert codes.normalise_mobile(value) == expected


@pytest.mark.parametrize(
    "value", ["12812345678", "1381234567", "138123456789", "23812345678", "1381234567a", ""]
)
def test_invalid_mobile_numbers_are_refused_in_chinese(value: str) -> None:
    assert_refused_in_chinese(codes.normalise_mobile, value, "invalid_mobile")


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [("370000", 1, "37"), ("370100", 2, "3701"), ("370102", 3, "370102"), ("110105", 3, "110105")],
)
def test_region_level_and_scope_prefix(code: str, level: int, prefix: str) -> None:
    assert codes.region_level(code) == level
    assert codes.region_scope_prefix(code, level) == prefix


@pytest.mark.parametrize("code", ["37000", "3700000", "037000", "37010A", ""])
def test_invalid_region_codes_are_refused_in_chinese(code: str) -> None:
    assert_refused_in_chinese(codes.region_level, code, "invalid_region_code")


@pytest.mark.parametrize("first17", ["11011519900101001", "50010319820101001"])
def test_an_address_code_created_after_the_birth_year_is_accepted(first17: str) -> None:
    """Numbers carry the code in force when issued: 大兴区 110115 (2001) for a 1990 birth."""
    assert codes.parse_resident_id(with_check_character(first17)).region_code == first17[:6]


def test_an_address_code_outside_every_province_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        codes.parse_resident_id(with_check_character("99010519900101001"))
    assert "地址码" in str(caught.value.message)

"""证照标识 (GB/T 36904-2018) with the ISO 7064 MOD 37,36 check character."""

from __future__ import annotations

import pytest

from tongban.licences.rules import Identifier, check_character, parse_identifier

# Real identifiers listed in STANDARDS.md §4.1.
REAL = [
    "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
    "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
]


@pytest.mark.parametrize("identifier", REAL)
def test_the_check_character_matches_real_identifiers(identifier):
    body, check = identifier.removeprefix("1.2.156.3005.2.").rsplit(".", 1)
    assert check_character(body.replace(".", "")) == check
    parsed = parse_identifier(identifier)
    assert parsed is not None
    assert str(parsed) == identifier


@pytest.mark.parametrize("identifier", REAL)
def test_a_changed_character_is_caught(identifier):
    body, check = identifier.rsplit(".", 1)
    wrong = "0" if check != "0" else "1"
    assert parse_identifier(f"{body}.{wrong}") is None
    serial_typo = identifier.replace(".001.", ".003.").replace(".002.", ".004.")
    assert parse_identifier(serial_typo) is None


def test_a_new_version_keeps_type_issuer_and_serial():
    first = Identifier("11100000000013338W032", "11220000013544541J", "2430599")
    second = first.next_version()
    assert str(first) == REAL[1]
    assert str(second).startswith(
        "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.002."
    )
    assert parse_identifier(str(second)) == second


@pytest.mark.parametrize(
    "text", ["", "1.2.156.3005.2", "2.2.156.3005.2.11100000000013338W011.x.1.001.U", "hello"]
)
def test_garbage_is_not_an_identifier(text):
    assert parse_identifier(text) is None


def test_malformed_parts_are_refused():
    with pytest.raises(ValueError, match="证照类型代码"):
        Identifier("11100000000013338W", "11430000006122244L", "1")
    with pytest.raises(ValueError, match="流水号"):
        Identifier("11100000000013338W011", "11430000006122244L", "abc")

"""Pure rules of electronic licences: the 证照标识 (GB/T 36904-2018) and its check character.

No database here: the offline verifier and the tests use these functions as they are."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

ROOT_OID = "1.2.156.3005.2"
ALPHABET = string.digits + string.ascii_uppercase
TYPE_CODE = re.compile(r"^[0-9A-Z]{18}[0-9]{3}$")
USCC = re.compile(r"^[0-9A-Z]{18}$")
SERIAL = re.compile(r"^[0-9A-Z]{1,40}$")
IDENTIFIER = re.compile(
    r"^1\.2\.156\.3005\.2\.([0-9A-Z]{18}[0-9]{3})\.([0-9A-Z]{18})\.([0-9A-Z]{1,40})"
    r"\.([0-9]{3})\.([0-9A-Z])$"
)


def check_character(body: str) -> str:
    """ISO/IEC 7064 MOD 37,36 (hybrid) over ``body`` in the alphabet 0-9A-Z. This is the
    algorithm STANDARDS.md §4.1 checked against real identifiers; the widely copied Java
    variant gives other answers and is wrong."""
    product = 36
    for character in body:
        product = (product + ALPHABET.index(character)) % 36 or 36
        product = (product * 2) % 37
    return ALPHABET[(37 - product) % 36]


@dataclass(frozen=True)
class Identifier:
    """证照标识: type code, issuer, serial and version; the check character is derived."""

    type_code: str
    issuer: str
    serial: str
    version: int = 1

    def __post_init__(self) -> None:
        if not TYPE_CODE.match(self.type_code):
            raise ValueError(f"证照类型代码 must be a USCC and 3 digits: {self.type_code!r}")
        if not USCC.match(self.issuer):
            raise ValueError(f"证照颁发机构代码 must be 18 characters: {self.issuer!r}")
        if not SERIAL.match(self.serial):
            raise ValueError(f"流水号 must be uppercase [0-9A-Z]: {self.serial!r}")
        if not 1 <= self.version <= 999:
            raise ValueError(f"版本号 must be 001-999: {self.version}")

    @property
    def check(self) -> str:
        return check_character(f"{self.type_code}{self.issuer}{self.serial}{self.version:03d}")

    def __str__(self) -> str:
        parts = (ROOT_OID, self.type_code, self.issuer, self.serial, f"{self.version:03d}")
        return ".".join((*parts, self.check))

    def next_version(self) -> Identifier:
        """The identifier of the licence re-issued on a change: same serial, version + 1."""
        return Identifier(self.type_code, self.issuer, self.serial, self.version + 1)


def parse_identifier(text: str) -> Identifier | None:
    """The identifier in ``text``, or None when it is malformed or its check character is
    wrong (a mistyped or invented identifier)."""
    match = IDENTIFIER.match(text.strip().upper())
    if match is None:
        return None
    type_code, issuer, serial, version, check = match.groups()
    identifier = Identifier(type_code, issuer, serial, int(version))
    return identifier if identifier.check == check else None

"""Identifier rules: resident ID numbers (GB 11643), unified social credit codes (GB 32100),
region codes (GB/T 2260). Pure functions over strings; python-stdnum does the check digits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from tongban.core.errors import DomainError

MOBILE_PATTERN = re.compile(r"^1[3-9][0-9]{9}$")
# GB 32100-2015: digits and capital letters except I, O, Z, S and V.
USCC_CHARACTERS = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")


@dataclass(frozen=True)
class ResidentId:
    """A checked 居民身份证号码 and what it tells (GB 11643-1999)."""

    number: str
    birth_date: dt.date
    region_code: str  # 6-digit GB/T 2260 address code of the place of first registration
    sex: str  # "M" or "F": odd sequence digit is male


# First two digits of every GB/T 2260 province-level code (including 71 台湾, 81 香港, 82 澳门).
_PROVINCES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82"
)
PROVINCE_PREFIXES = frozenset(_PROVINCES.split())


def parse_resident_id(value: str) -> ResidentId:
    """Check a resident ID number: 18 characters, a province-level address prefix, a real birth
    date not in the future, and the ISO 7064 MOD 11-2 check character (STANDARDS.md §5.3).

    The address code is not checked against python-stdnum's table of codes as they stood in the
    birth year: numbers are issued with the code in force when they are issued, so a person born
    in 1990 may rightly hold 110115 (大兴区, created 2001), and stdnum would refuse them."""
    number = (value or "").strip().upper().replace(" ", "")
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise DomainError(
            "invalid_id_number", _("身份证号码应为18位，前17位为数字，最后一位为数字或X。")
        )
    if number[:2] not in PROVINCE_PREFIXES:
        raise DomainError("invalid_id_number", _("身份证号码的地址码（前6位）不存在。"))
    try:
        birth_date = ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise DomainError("invalid_id_number", _("身份证号码中的出生日期无效。")) from None
    if birth_date > dt.date.today():
        raise DomainError("invalid_id_number", _("身份证号码中的出生日期晚于今天。"))
    if ric.calc_check_digit(number) != number[-1]:
        raise DomainError("invalid_id_number", _("身份证号码校验位不正确，请核对后重新输入。"))
    return ResidentId(
        number=number,
        birth_date=birth_date,
        region_code=number[:6],
        sex="M" if int(number[16]) % 2 else "F",
    )


def normalise_uscc(value: str) -> str:
    """Check a 统一社会信用代码 (GB 32100-2015, STANDARDS.md §5.4) and return it uppercased."""
    code = (value or "").strip().upper().replace(" ", "")
    if len(code) != 18:
        raise DomainError("invalid_uscc", _("统一社会信用代码应为18位。"))
    if not USCC_CHARACTERS.fullmatch(code):
        raise DomainError(
            "invalid_uscc", _("统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）。")
        )
    # Not uscc.validate: it wants digits in positions 1-2, but the registering authority may be
    # a letter (Y 其他, N 农业农村, A per XG1-2016); only positions 3-8, the region, are digits.
    if not code[2:8].isdigit():
        raise DomainError(
            "invalid_uscc", _("统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字。")
        )
    if code[-1] != uscc.calc_check_digit(code[:17]):
        raise DomainError("invalid_uscc", _("统一社会信用代码校验位不正确，请核对后重新输入。"))
    return code


def uscc_check_character(first17: str) -> str:
    """The 18th character for 17 given ones: used to build demo and test codes."""
    return uscc.calc_check_digit(first17.upper())


def resident_id_check_character(first17: str) -> str:
    """The 18th character of a resident ID number for 17 given digits."""
    # stdnum expects a full-length number and ignores its last character.
    return ric.calc_check_digit(first17 + "0")


def normalise_mobile(value: str) -> str:
    """A mainland mobile number: 11 digits starting 13–19."""
    number = (value or "").strip().replace(" ", "").replace("-", "")
    if number.startswith("+86"):
        number = number[3:]
    if not MOBILE_PATTERN.fullmatch(number):
        raise DomainError("invalid_mobile", _("手机号码应为以1开头的11位数字。"))
    return number


def region_level(code: str) -> int:
    """1 province, 2 city (prefecture), 3 county, read from a 6-digit GB/T 2260 code."""
    if not re.fullmatch(r"[1-9][0-9]{5}", code):
        raise DomainError("invalid_region_code", _("行政区划代码应为6位数字。"))
    if code[2:] == "0000":
        return 1
    if code[4:] == "00":
        return 2
    return 3


def region_scope_prefix(code: str, level: int) -> str:
    """The prefix every code inside a region starts with: 37 for 370000, 3701 for 370100."""
    return code[: {1: 2, 2: 4, 3: 6}[level]]

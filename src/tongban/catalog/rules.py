"""Rules an implementation entry must satisfy, shared by the importer and the admin screens."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from tongban.core.models import Department, Region


def expected_implementation_code(department: Department, level: int, basic_code: str) -> str:
    """实施编码 = 实施主体统一社会信用代码(18) + 行使层级代码(1) + 基本编码 (STANDARDS.md §1.3,
    inferred from real codes, [U]: TONGBAN_IMPLEMENTATION_CODE_RULE=free turns the check off)."""
    return f"{department.uscc}{level}{basic_code}"


def implementation_code_problem(
    code: str, department: Department, level: int, basic_code: str
) -> str | None:
    if settings.TONGBAN_IMPLEMENTATION_CODE_RULE != "national":
        return None
    expected = expected_implementation_code(department, level, basic_code)
    if code != expected:
        return _("实施编码应为 实施主体信用代码+行使层级+基本编码：%(e)s") % {"e": expected}
    return None


def basic_code_problem(basic_code: str) -> str | None:
    if not (basic_code.isascii() and basic_code.isalnum() and basic_code.upper() == basic_code):
        return _("基本编码只能包含数字和大写字母。")
    return None


def region_problem(region: Region, department: Department) -> str | None:
    if not region.code.startswith(department.region.scope_prefix):
        return _("行政区划不在实施部门的辖区内。")
    return None


def limits_problem(promised: int, statutory: int) -> str | None:
    if promised > statutory:
        return _("承诺办结时限不能超过法定办结时限。")
    return None

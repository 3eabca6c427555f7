"""pydantic's validation errors in the user's language, keyed by field path. Shared by the API
and by file imports, so a malformed field reads the same wherever it comes in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

# pydantic error types in the user's language; anything else reads "格式不正确".
FIELD_MESSAGES = {
    "missing": "此项为必填项。",
    "string_type": "应为文本。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数。",
    "float_parsing": "应为数字。",
    "decimal_parsing": "应为数字。",
    "bool_parsing": "应为 true 或 false。",
    "bool_type": "应为 true 或 false。",
    "list_type": "应为列表。",
    "dict_type": "应为对象。",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）。",
    "date_parsing": "应为日期（YYYY-MM-DD）。",
    "string_too_long": "内容过长。",
    "string_too_short": "内容过短或为空。",
    "string_pattern_mismatch": "格式不正确。",
    "greater_than_equal": "数值过小。",
    "less_than_equal": "数值过大。",
    "literal_error": "取值不在允许范围内。",
    "enum": "取值不在允许范围内。",
    "extra_forbidden": "不认识的字段。",
    "json_invalid": "请求内容不是有效的 JSON。",
    "model_attributes_type": "应为 JSON 对象。",
    "model_type": "应为 JSON 对象。",
}


def field_path(location: Sequence[Any]) -> str:
    """("materials", 2, "name") -> "materials[2].name"."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def describe(errors: Iterable[dict[str, Any]], whole: str = "body") -> dict[str, str]:
    """One message per field path; an error about the whole input is keyed ``whole``."""
    fields: dict[str, str] = {}
    for error in errors:
        path = field_path(list(error.get("loc", ()))) or whole
        fields.setdefault(path, _(FIELD_MESSAGES.get(error.get("type", ""), "格式不正确。")))
    return fields

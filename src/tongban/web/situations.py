"""Material conditions told in words for the service guide: people read "needed only if you
answer 租赁 to 经营场所是自有还是租赁？", never the CEL behind it.

Only what can be said exactly is said exactly: a condition that negates, mixes "and" with "or",
or compares something other than a chosen option is told as the things it depends on."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _

from tongban.catalog import conditions
from tongban.catalog.models import Question

_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_APPLICANT = re.compile(r"\bapplicant\.(\w+)")
_APPLICANT_TYPES = ("person", "organisation")


def _factor_names() -> dict[str, str]:
    return {
        "type": _("申请人身份"),
        "age": _("申请人年龄"),
        "sex": _("申请人性别"),
        "region": _("申请人所在地区"),
    }


def _applicant_type_words(code: str) -> str:
    return _("以个人身份办理") if code == "person" else _("以法人身份办理")


def describe(condition: str, questions: Mapping[str, Question]) -> str:
    """The situation in which a material is needed, or "" when it is always needed.
    ``questions`` maps codes to the entry's questions with their options prefetched."""
    if not condition.strip():
        return ""
    literals = {match[1:-1] for match in _STRING.findall(condition)}
    code_only = _STRING.sub('""', condition)
    asked = [questions[c] for c in conditions.referenced_questions(condition) if c in questions]
    fields = list(dict.fromkeys(_APPLICANT.findall(code_only)))
    mixed = "&&" in code_only and "||" in code_only
    exact = not mixed and "!" not in code_only and "<" not in code_only and ">" not in code_only

    parts: list[str] = []
    for question in asked:
        labels = [o.label for o in question.options.all() if o.code in literals]
        if not labels:
            exact = False
            break
        parts.append(
            _("“%(question)s”选“%(options)s”")
            % {"question": question.text, "options": _("”或“").join(labels)}
        )
    for name in fields:
        types = [code for code in _APPLICANT_TYPES if code in literals]
        if name != "type" or len(types) != 1:
            exact = False
            break
        parts.append(_applicant_type_words(types[0]))

    if exact and parts:
        joiner = _("，或者") if "||" in code_only else _("，并且")
        return _("仅在以下情形需要：%(situation)s") % {"situation": joiner.join(parts)}
    factors = [f"“{q.text}”" for q in asked]
    factors += [_factor_names().get(name, name) for name in fields]
    if not factors:
        return _("视情形而定")
    return _("视以下情况而定：%(factors)s") % {"factors": _("、").join(factors)}

"""tongban catalog import / export: implementation lists in bulk, in the JSON Lines format of
docs/catalog/FORMAT.md. A file is checked whole first; any error rejects it whole, with every
error listed by line and field, and nothing written. Re-importing updates by code."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError

from tongban.catalog import conditions, rules, search
from tongban.catalog.models import (
    CatalogueItem,
    Fee,
    Implementation,
    LifeEvent,
    Material,
    MaterialSource,
    Option,
    Question,
)
from tongban.catalog.schema import ImplementationIn, ItemIn, LifeEventIn, LineIn
from tongban.core import audit, validation
from tongban.core.errors import DomainError
from tongban.core.models import Department, Region

MAX_LINES = 200_000
# The material columns the exchange format carries besides its code, in file order.
MATERIAL_FIELDS = (
    "name",
    "why",
    "issuer",
    "form",
    "copies",
    "medium",
    "source",
    "source_ref",
    "condition",
)


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f" {self.field}" if self.field else ""
        return _("第%(line)s行%(where)s：%(message)s") % {
            "line": self.line,
            "where": where,
            "message": self.message,
        }


class ImportRejected(DomainError):
    def __init__(self, errors: list[LineError]) -> None:
        super().__init__(
            "import_rejected",
            _("文件有%(count)s处错误，未导入任何内容。") % {"count": len(errors)},
            fields={f"{e.line}:{e.field}": e.message for e in errors},
        )
        self.errors = errors


@dataclass
class ImportReport:
    life_events: int = 0
    created: int = 0
    updated: int = 0


@dataclass
class _Parsed:
    life_events: list[tuple[int, LifeEventIn]] = field(default_factory=list)
    entries: list[tuple[int, ImplementationIn]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def _parse(lines: Iterable[str]) -> _Parsed:
    parsed = _Parsed()
    for number, raw in enumerate(lines, start=1):
        if number > MAX_LINES:
            parsed.errors.append(
                LineError(number, "", _("文件过大：最多%(n)s行。") % {"n": MAX_LINES})
            )
            break
        if not raw.strip():
            continue
        try:
            line = LineIn.model_validate_json(raw)
        except ValidationError as error:
            parsed.errors += [
                LineError(number, path, message)
                for path, message in validation.describe(error.errors(), whole="").items()
            ]
            continue
        if (line.life_event is None) == (line.implementation is None):
            parsed.errors.append(
                LineError(number, "", _("每行应只包含 life_event 或 implementation 之一。"))
            )
        elif line.life_event is not None:
            parsed.life_events.append((number, line.life_event))
        else:
            parsed.entries.append((number, line.implementation))
    return parsed


def resolve_department(reference: str) -> Department | None:
    """A department by credit code, or by "region code/kind" (370100/scjg)."""
    region_code, slash, kind = reference.partition("/")
    if slash:
        return Department.objects.filter(region__code=region_code, kind=kind).first()
    return Department.objects.filter(uscc=reference.upper()).first()


def _duplicates(codes: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({c for c in codes if c in seen or seen.add(c)})


class _EntryChecker:
    """Every semantic problem of one implementation entry, as (field, message) pairs."""

    def __init__(self, entry: ImplementationIn, known_life_events: set[str]) -> None:
        self.entry = entry
        self.known_life_events = known_life_events
        self.problems: list[tuple[str, str]] = []

    def run(self) -> list[tuple[str, str]]:
        self._department_and_codes()
        self._limits()
        self._life_events()
        self._questions()
        self._materials()
        return self.problems

    def _add(self, where: str, message: str) -> None:
        self.problems.append((where, message))

    def _department_and_codes(self) -> None:
        entry = self.entry
        department = resolve_department(entry.department)
        region = Region.objects.filter(code=entry.region).first()
        if department is None:
            self._add("department", _("找不到部门“%(d)s”。") % {"d": entry.department})
        if region is None:
            self._add("region", _("找不到行政区划“%(r)s”。") % {"r": entry.region})
        if department is None or region is None:
            return
        problems = [
            ("region", rules.region_problem(region, department)),
            ("item.basic_code", rules.basic_code_problem(entry.item.basic_code)),
            (
                "code",
                rules.implementation_code_problem(
                    entry.code, department, entry.level, entry.item.basic_code
                ),
            ),
        ]
        for where, problem in problems:
            if problem:
                self._add(where, problem)

    def _limits(self) -> None:
        problem = rules.limits_problem(self.entry.promised_limit, self.entry.statutory_limit)
        if problem:
            self._add("promised_limit", problem)

    def _life_events(self) -> None:
        for code in self.entry.item.life_events:
            if code not in self.known_life_events:
                self._add("item.life_events", _("未定义的主题“%(c)s”。") % {"c": code})

    def _questions(self) -> None:
        questions = self.entry.questions
        for code in _duplicates(q.code for q in questions):
            self._add("questions", _("问题代码“%(c)s”重复。") % {"c": code})
        earlier: dict[str, set[str]] = {}
        for index, question in enumerate(questions):
            for code in _duplicates(o.code for o in question.options):
                self._add(f"questions[{index}].options", _("选项代码“%(c)s”重复。") % {"c": code})
            if question.condition:
                for problem in conditions.validate(question.condition, earlier):
                    self._add(f"questions[{index}].condition", problem)
            earlier[question.code] = {o.code for o in question.options}

    def _materials(self) -> None:
        options = {q.code: {o.code for o in q.options} for q in self.entry.questions}
        for code in _duplicates(m.code for m in self.entry.materials):
            self._add("materials", _("材料代码“%(c)s”重复。") % {"c": code})
        for index, material in enumerate(self.entry.materials):
            if material.condition:
                for problem in conditions.validate(material.condition, options):
                    self._add(f"materials[{index}].condition", problem)
            if material.source != MaterialSource.UPLOAD and not material.source_ref:
                self._add(f"materials[{index}].source_ref", _("复用来源的材料须填写来源代码。"))


def _check(parsed: _Parsed) -> list[LineError]:
    errors = list(parsed.errors)
    known = set(LifeEvent.objects.values_list("code", flat=True))
    known |= {event.code for _, event in parsed.life_events}
    seen_codes: dict[str, int] = {}
    seen_items: dict[str, tuple[int, ItemIn]] = {}
    for number, entry in parsed.entries:
        for where, message in _EntryChecker(entry, known).run():
            errors.append(LineError(number, where, message))
        if entry.code in seen_codes:
            errors.append(
                LineError(
                    number, "code", _("实施编码与第%(n)s行重复。") % {"n": seen_codes[entry.code]}
                )
            )
        seen_codes.setdefault(entry.code, number)
        first = seen_items.setdefault(entry.item.basic_code, (number, entry.item))
        if first[1] != entry.item:
            errors.append(
                LineError(
                    number, "item", _("同一基本编码的事项内容与第%(n)s行不一致。") % {"n": first[0]}
                )
            )
    return sorted(errors, key=lambda e: (e.line, e.field))


def _write_item(data: ItemIn) -> CatalogueItem:
    item, _created = CatalogueItem.objects.update_or_create(
        basic_code=data.basic_code,
        defaults={
            "name": data.name,
            "item_type": data.type,
            "audience": data.audience,
            "basis": data.basis,
            "description": data.description,
            "keywords": " ".join(data.keywords),
        },
    )
    item.life_events.set(LifeEvent.objects.filter(code__in=data.life_events))
    return item


def _sync_by_code(existing: dict, wanted: list, build) -> None:
    """Update rows whose code is wanted, create the missing ones, delete the rest."""
    for order, data in enumerate(wanted):
        build(existing.pop(data.code, None), data, order)
    for row in existing.values():
        row.delete()


def _write_questions(implementation: Implementation, questions: list) -> None:
    def build(row: Question | None, data, order: int) -> None:
        row = row or Question(implementation=implementation, code=data.code)
        row.text, row.help_text, row.kind = data.text, data.help, data.kind
        row.condition, row.order = data.condition, order
        row.save()
        _sync_by_code(
            {o.code: o for o in row.options.all()},
            data.options,
            lambda option, o, i: _save_option(row, option, o, i),
        )

    _sync_by_code({q.code: q for q in implementation.questions.all()}, questions, build)


def _save_option(question: Question, row: Option | None, data, order: int) -> None:
    row = row or Option(question=question, code=data.code)
    row.label, row.order = data.label, order
    row.save()


def _write_materials(implementation: Implementation, materials: list) -> None:
    def build(row: Material | None, data, order: int) -> None:
        row = row or Material(implementation=implementation, code=data.code)
        for name in MATERIAL_FIELDS:
            setattr(row, name, getattr(data, name))
        row.order = order
        row.save()

    _sync_by_code({m.code: m for m in implementation.materials.all()}, materials, build)


def _write_entry(entry: ImplementationIn, actor: audit.Actor) -> bool:
    """Write one checked entry; True when it was new."""
    item = _write_item(entry.item)
    implementation, created = Implementation.objects.update_or_create(
        code=entry.code,
        defaults={
            "item": item,
            "local_code": entry.local_code,
            "department": resolve_department(entry.department),
            "region": Region.objects.get(code=entry.region),
            "exercise_level": entry.level,
            "case_type": entry.case_type,
            "statutory_limit": entry.statutory_limit,
            "promised_limit": entry.promised_limit,
            "limit_unit": entry.limit_unit,
            "limit_note": entry.limit_note,
            "online_depth": entry.online_depth,
            "visits": entry.visits,
            "conditions": entry.conditions,
            "place": entry.place,
            "hours": entry.hours,
            "phone": entry.phone,
            "supervision_phone": entry.supervision_phone,
            "result_name": entry.result.name,
            "result_is_licence": entry.result.licence,
            "process_key": entry.process,
            "popularity": entry.popularity,
            "is_active": entry.active,
        },
    )
    implementation.fees.all().delete()
    Fee.objects.bulk_create(
        Fee(implementation=implementation, **fee.model_dump()) for fee in entry.fees
    )
    _write_questions(implementation, entry.questions)
    _write_materials(implementation, entry.materials)
    search.index(implementation)
    audit.record(
        "catalog.implementation_created" if created else "catalog.implementation_updated",
        implementation,
        actor=actor,
        changes={"digest": hashlib.sha256(entry.model_dump_json().encode()).hexdigest()},
    )
    return created


def import_catalogue(lines: Iterable[str], *, actor: audit.Actor = audit.SYSTEM) -> ImportReport:
    parsed = _parse(lines)
    errors = _check(parsed)
    if errors:
        raise ImportRejected(errors)
    report = ImportReport()
    with transaction.atomic():
        for _number, event in parsed.life_events:
            LifeEvent.objects.update_or_create(code=event.code, defaults=event.model_dump())
            report.life_events += 1
        for _number, entry in parsed.entries:
            if _write_entry(entry, actor):
                report.created += 1
            else:
                report.updated += 1
        audit.record(
            "catalog.imported",
            ("catalog.import", str(len(parsed.entries))),
            actor=actor,
            changes={
                "created": report.created,
                "updated": report.updated,
                "life_events": report.life_events,
            },
        )
    return report


def _entry_json(implementation: Implementation) -> dict:
    item = implementation.item
    return {
        "item": {
            "basic_code": item.basic_code,
            "name": item.name,
            "type": item.item_type,
            "audience": item.audience,
            "basis": item.basis,
            "description": item.description,
            "keywords": item.keywords.split(),
            "life_events": [e.code for e in item.life_events.all()],
        },
        "code": implementation.code,
        "local_code": implementation.local_code,
        "department": implementation.department.uscc,
        "region": implementation.region.code,
        "level": implementation.exercise_level,
        "case_type": implementation.case_type,
        "statutory_limit": implementation.statutory_limit,
        "promised_limit": implementation.promised_limit,
        "limit_unit": implementation.limit_unit,
        "limit_note": implementation.limit_note,
        "online_depth": implementation.online_depth,
        "visits": implementation.visits,
        "conditions": implementation.conditions,
        "place": implementation.place,
        "hours": implementation.hours,
        "phone": implementation.phone,
        "supervision_phone": implementation.supervision_phone,
        "result": {"name": implementation.result_name, "licence": implementation.result_is_licence},
        "process": implementation.process_key,
        "popularity": implementation.popularity,
        "active": implementation.is_active,
        "fees": [
            {
                "name": f.name,
                "standard": f.standard,
                "amount": str(f.amount) if f.amount is not None else None,
                "basis": f.basis,
                "reducible": f.reducible,
            }
            for f in implementation.fees.all()
        ],
        "questions": [
            {
                "code": q.code,
                "text": q.text,
                "help": q.help_text,
                "kind": q.kind,
                "condition": q.condition,
                "options": [{"code": o.code, "label": o.label} for o in q.options.all()],
            }
            for q in implementation.questions.all()
        ],
        "materials": [
            {name: getattr(m, name) for name in ("code", *MATERIAL_FIELDS)}
            for m in implementation.materials.all()
        ],
    }


def export_catalogue() -> Iterator[str]:
    """Every life event, then every implementation entry, one JSON object a line."""
    for event in LifeEvent.objects.all():
        data = {
            "code": event.code,
            "name": event.name,
            "audience": event.audience,
            "order": event.order,
        }
        yield json.dumps({"life_event": data}, ensure_ascii=False)
    implementations = (
        Implementation.objects.select_related("item", "department", "region")
        .prefetch_related("item__life_events", "fees", "questions__options", "materials")
        .order_by("code")
    )
    for implementation in implementations.iterator(chunk_size=500):
        yield json.dumps({"implementation": _entry_json(implementation)}, ensure_ascii=False)

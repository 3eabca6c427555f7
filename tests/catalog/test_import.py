"""Bulk import: a good file loads, a bad file is refused whole with every error, re-import
updates without duplicating, export gives back what import takes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.catalog.conftest import BASIC_CODE, CATERING, food_licence_line, load
from tongban.catalog import importer
from tongban.catalog.models import CatalogueItem, Implementation, LifeEvent, Material, Question
from tongban.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_good_file_loads_items_questions_and_materials(market_regulator):
    report = load(CATERING, food_licence_line(market_regulator))
    assert (report.created, report.updated, report.life_events) == (1, 0, 1)
    entry = Implementation.objects.get()
    assert entry.item.name == "食品经营许可"
    assert entry.questions.count() == 3
    assert entry.materials.count() == 6
    assert "饭店" in entry.search_text.split()
    assert AuditEntry.objects.filter(action="catalog.implementation_created").count() == 1


def test_five_different_errors_are_all_reported_and_nothing_is_written(market_regulator):
    good = food_licence_line(market_regulator)
    broken = food_licence_line(
        market_regulator, promised_limit=30, department="370100/nope", code="OTHER-CODE"
    )
    broken["implementation"]["materials"][2]["condition"] = 'answers.venue == "castle"'
    lines = [
        json.dumps(CATERING, ensure_ascii=False),
        json.dumps(good, ensure_ascii=False),
        json.dumps(broken, ensure_ascii=False),  # line 3: limit, department, condition
        "{this is not json",  # line 4
        json.dumps({"implementation": {**good["implementation"], "visits": "many"}}),  # line 5
    ]
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_catalogue(lines)
    found = {(e.line, e.field) for e in rejected.value.errors}
    assert {
        (3, "promised_limit"),
        (3, "department"),
        (3, "materials[2].condition"),
        (4, ""),
        (5, "implementation.visits"),
    } <= found
    assert "5处错误" in str(rejected.value.message)
    assert not Implementation.objects.exists()
    assert not CatalogueItem.objects.exists()
    assert not LifeEvent.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_same_code_twice_in_one_file_is_an_error(market_regulator):
    line = food_licence_line(market_regulator)
    with pytest.raises(importer.ImportRejected) as rejected:
        load(CATERING, line, line)
    assert any(e.line == 3 and e.field == "code" for e in rejected.value.errors)


def test_a_condition_may_only_ask_about_earlier_questions(market_regulator):
    line = food_licence_line(market_regulator)
    line["implementation"]["questions"][0]["condition"] = '"hot_food" in answers.scope'
    with pytest.raises(importer.ImportRejected) as rejected:
        load(CATERING, line)
    assert [e.field for e in rejected.value.errors] == ["questions[0].condition"]


def test_the_implementation_code_must_follow_the_national_rule(market_regulator, settings):
    line = food_licence_line(market_regulator, code="WHATEVER-1")
    with pytest.raises(importer.ImportRejected) as rejected:
        load(CATERING, line)
    assert rejected.value.errors[0].field == "code"
    settings.TONGBAN_IMPLEMENTATION_CODE_RULE = "free"
    assert load(CATERING, line).created == 1


def test_reimport_updates_and_never_duplicates(market_regulator):
    load(CATERING, food_licence_line(market_regulator))
    first_question = Question.objects.get(code="venue").pk
    changed = food_licence_line(market_regulator, promised_limit=5)
    changed["implementation"]["materials"] = changed["implementation"]["materials"][:2]
    report = load(CATERING, changed)
    assert (report.created, report.updated) == (0, 1)
    entry = Implementation.objects.get()
    assert entry.promised_limit == 5
    assert set(Material.objects.values_list("code", flat=True)) == {"application", "licence"}
    assert Question.objects.get(code="venue").pk == first_question
    assert CatalogueItem.objects.count() == 1


def test_export_then_import_changes_nothing(market_regulator):
    load(CATERING, food_licence_line(market_regulator))
    exported = list(importer.export_catalogue())
    report = importer.import_catalogue(exported)
    assert (report.created, report.updated) == (0, 1)
    assert list(importer.export_catalogue()) == exported


def test_the_command_imports_and_lists_every_error(market_regulator, tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(
        "\n".join(
            json.dumps(x, ensure_ascii=False)
            for x in (CATERING, food_licence_line(market_regulator))
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("catalog", "import", str(good), stdout=out)
    assert "新增 1 项" in out.getvalue()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"implementation": {}}\n{oops\n', encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何内容"):
        call_command("catalog", "import", str(bad), stderr=errors)
    assert "第1行" in errors.getvalue()
    assert "第2行" in errors.getvalue()
    exported = tmp_path / "out.jsonl"
    call_command("catalog", "export", str(exported))
    assert BASIC_CODE in exported.read_text(encoding="utf-8")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("catalog", "import", str(tmp_path / "nope.jsonl"))

"""Catalogue search: Chinese words cut with the domain dictionary, everyday phrases widened to
formal words, filters, highlighting, paging, and an index that follows entries as they change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import translation

from tests.catalog.conftest import load, simple_line
from tongban.catalog import search
from tongban.catalog.models import Implementation
from tongban.core.errors import DomainError
from tongban.core.models import Department

pytestmark = pytest.mark.django_db

DICTIONARY = """\
# 测试词典：一行一个词
出生医学证明 3000 n
食品经营许可 3000 n
# 不是词 9 n
"""
SYNONYMS = """\
# 群众说法<Tab>正式用语
开饭店\t食品经营许可 餐饮
生孩子\t出生医学证明
没有制表符的行被忽略
"""


@pytest.fixture(scope="session")
def small_lexicon(tmp_path_factory) -> search.Lexicon:
    folder = tmp_path_factory.mktemp("lexicon")
    (folder / "dictionary.txt").write_text(DICTIONARY, encoding="utf-8")
    (folder / "synonyms.txt").write_text(SYNONYMS, encoding="utf-8")
    return search.load_lexicon(folder / "dictionary.txt", folder / "synonyms.txt")


@pytest.fixture(autouse=True)
def _small_lexicon(monkeypatch, small_lexicon) -> None:
    """These tests own their words, whatever the shipped dictionary says today."""
    monkeypatch.setattr(search, "lexicon", lambda: small_lexicon)


def department(city: str, kind: str) -> Department:
    return Department.objects.get(region__code=city, kind=kind)


def names(page: search.SearchPage) -> list[str]:
    return [entry.item.name for entry in page.results]


def test_the_domain_dictionary_keeps_item_names_whole_and_skips_comments(small_lexicon):
    words = small_lexicon.words("出生医学证明办理")
    assert "出生医学证明" in words
    assert {"出生", "医学", "证明"} <= set(words)
    assert list(search.dictionary_entries(DICTIONARY.splitlines())) == [
        ("出生医学证明", 3000, "n"),
        ("食品经营许可", 3000, "n"),
    ]


def test_synonym_lines_map_an_everyday_phrase_to_its_formal_words():
    assert search.synonym_entries(SYNONYMS.splitlines()) == {
        "开饭店": ("食品经营许可", "餐饮"),
        "生孩子": ("出生医学证明",),
    }


def test_the_process_lexicon_is_built_once_from_files_that_may_be_missing(monkeypatch, tmp_path):
    monkeypatch.undo()
    monkeypatch.setattr(search, "DICTIONARY", tmp_path / "absent.txt")
    monkeypatch.setattr(search, "SYNONYMS", tmp_path / "absent-too.txt")
    search._process_lexicon.cache_clear()
    try:
        assert search.lexicon() is search.lexicon()
        assert search.lexicon().synonyms == {}
    finally:
        search._process_lexicon.cache_clear()


def test_an_entry_saved_in_english_is_still_indexed_in_chinese(demo_departments):
    with translation.override("en"):
        load(simple_line(department("370100", "scjg"), "900000000081", "食品经营许可"))
    words = Implementation.objects.get().search_text.split()
    assert "公共服务" in words
    assert "public" not in words


def test_stop_words_are_not_searched_for():
    assert search.query_terms("我要怎么办什么的") == []
    assert search.query_terms("哪里办出生医学证明") == ["出生", "医学", "证明", "出生医学证明"]


def test_opening_a_restaurant_finds_the_food_business_licence(demo_departments):
    market = department("370100", "scjg")
    load(
        simple_line(market, "900000000001", "食品经营许可", audience="organisation"),
        simple_line(market, "900000000002", "药品经营许可", audience="organisation"),
        simple_line(market, "900000000003", "个体工商户设立登记"),
    )
    found = search.search("我想开饭店")
    assert names(found)[0] == "食品经营许可"
    assert "食品经营许可" in found.hits[0].matched_terms


def test_having_a_baby_finds_the_birth_certificate(demo_departments):
    health = department("370100", "wjw")
    load(
        simple_line(health, "900000000011", "出生医学证明办理"),
        simple_line(health, "900000000012", "公共场所卫生许可", audience="organisation"),
        simple_line(department("370100", "mz"), "900000000013", "结婚登记"),
    )
    assert names(search.search("生孩子要办什么")) == ["出生医学证明办理"]


@pytest.fixture
def three_certificates(demo_departments) -> None:
    load(
        simple_line(
            department("370100", "wjw"), "900000000021", "出生证明", online_depth=4, popularity=3
        ),
        simple_line(
            department("370100", "scjg"),
            "900000000022",
            "经营证明",
            audience="organisation",
            item_type="01",
            region="370102",
            popularity=2,
        ),
        simple_line(
            department("370200", "gaj"),
            "900000000023",
            "户籍证明",
            audience="both",
            item_type="07",
            online_depth=4,
            popularity=1,
        ),
    )


@pytest.mark.parametrize("query", ["证明", ""])
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"audience": "person"}, ["出生证明", "户籍证明"]),
        ({"audience": "organisation"}, ["经营证明", "户籍证明"]),
        ({"region": "370100"}, ["出生证明", "经营证明"]),
        ({"region": "370102"}, ["经营证明"]),
        ({"region": "370200"}, ["户籍证明"]),
        ({"region": "370000"}, ["出生证明", "经营证明", "户籍证明"]),
        ({"item_type": "07"}, ["户籍证明"]),
        ({"online_only": True}, ["出生证明", "户籍证明"]),
    ],
)
def test_filters_narrow_results_with_or_without_a_query(
    three_certificates, query, filters, expected
):
    assert names(search.search(query, **filters)) == expected


def test_a_department_filter_takes_the_credit_code(three_certificates):
    market = department("370100", "scjg")
    assert names(search.search("证明", department=market.uscc.lower())) == ["经营证明"]


def test_without_a_query_the_most_popular_come_first(three_certificates):
    found = search.search("")
    assert names(found) == ["出生证明", "经营证明", "户籍证明"]
    assert found.terms == ()
    assert [hit.highlight for hit in found.hits] == ["出生证明", "经营证明", "户籍证明"]


def test_a_common_term_only_adds_to_entries_rarer_terms_find(demo_departments, monkeypatch):
    civil = department("370100", "mz")
    load(
        simple_line(civil, "900000000071", "收养登记"),
        simple_line(civil, "900000000072", "结婚登记"),
        simple_line(civil, "900000000073", "离婚登记"),
    )
    assert set(names(search.search("收养登记"))) == {"收养登记", "结婚登记", "离婚登记"}
    monkeypatch.setattr(search, "COMMON_TERM_ENTRIES", 2)  # 登记 is now common
    assert names(search.search("收养登记")) == ["收养登记"]
    monkeypatch.setattr(search, "COMMON_TERM_ENTRIES", 0)  # every term is common
    assert names(search.search("收养登记")) == ["收养登记"]


def test_highlighting_marks_terms_and_escapes_everything_else():
    assert search.highlight("<b>食品</b>经营许可&", ["食品", "许可"]) == (
        "&lt;b&gt;<mark>食品</mark>&lt;/b&gt;经营<mark>许可</mark>&amp;"
    )
    assert search.highlight("食品经营许可", ["食品经营", "经营许可"]) == "<mark>食品经营许可</mark>"
    assert search.highlight("12345热线APP", ["app"]) == "12345热线<mark>APP</mark>"


def test_a_result_name_is_escaped_with_its_matches_marked(demo_departments):
    load(simple_line(department("370100", "scjg"), "900000000031", "食品<script>经营许可"))
    hit = search.search("食品经营许可").hits[0]
    assert hit.highlight.startswith("<mark>食品</mark>&lt;script&gt;")
    assert "<script>" not in hit.highlight
    assert {"食品", "经营", "许可"} <= set(hit.matched_terms)


def test_a_deactivated_or_deleted_entry_disappears(demo_departments):
    market = department("370100", "scjg")
    load(simple_line(market, "900000000041", "食品经营许可"))
    assert names(search.search("食品")) == ["食品经营许可"]
    load(simple_line(market, "900000000041", "食品经营许可", active=False))
    assert names(search.search("食品")) == []
    assert names(search.search("")) == []
    Implementation.objects.update(is_active=True)
    assert names(search.search("食品")) == ["食品经营许可"]
    Implementation.objects.all().delete()
    assert names(search.search("食品")) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only")
def test_deleting_an_entry_removes_its_full_text_row(demo_departments):
    load(simple_line(department("370100", "scjg"), "900000000042", "食品经营许可"))
    Implementation.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalog_implementation_fts")
        assert cursor.fetchone() == (0,)


def test_renaming_an_item_reindexes_it(demo_departments):
    market = department("370100", "scjg")
    load(simple_line(market, "900000000051", "食品经营许可"))
    load(simple_line(market, "900000000051", "药品经营许可"))
    assert names(search.search("食品")) == []
    assert names(search.search("药品")) == ["药品经营许可"]


def test_rebuilding_the_index_picks_up_bulk_written_words(demo_departments):
    load(simple_line(department("370100", "scjg"), "900000000061", "食品经营许可"))
    Implementation.objects.update(search_text="火星 签证")
    search.rebuild_index()
    assert names(search.search("火星")) == ["食品经营许可"]
    assert names(search.search("食品")) == []


@pytest.fixture
def residence_permits(demo_departments) -> None:
    police = department("370100", "gaj")
    load(
        *(
            simple_line(police, f"9000000001{n:02d}", f"居住证办理{n}", popularity=n)
            for n in range(23)
        )
    )


def test_pages_follow_each_other_without_gaps_or_repeats(residence_permits):
    pages = [search.search("居住证", page=n, page_size=10) for n in (1, 2, 3)]
    assert [len(p.results) for p in pages] == [10, 10, 3]
    assert [p.has_next for p in pages] == [True, True, False]
    assert {p.total for p in pages} == {23}
    seen = [name for page in pages for name in names(page)]
    assert seen == [f"居住证办理{n}" for n in range(22, -1, -1)]


def test_the_total_stops_counting_at_the_cap(residence_permits, monkeypatch):
    monkeypatch.setattr(search, "MAX_COUNTED", 5)
    found = search.search("居住证", page_size=5)
    assert (found.total, found.total_capped, found.total_label) == (5, True, "5+")
    assert found.has_next is False
    with pytest.raises(DomainError) as refused:
        search.search("居住证", page=2, page_size=5)
    assert "page" in refused.value.fields


def test_one_page_of_results_takes_four_queries(residence_permits, django_assert_num_queries):
    with django_assert_num_queries(4):  # term counts, the ranked page, its fees, the count
        found = search.search("居住证", page_size=20)
        assert [hit.implementation.department.name for hit in found.hits]
        assert [hit.implementation.region.code for hit in found.hits]
        assert [entry.is_free for entry in found.results] == [True] * 20


def test_bad_filters_are_refused_together_in_chinese(demo_departments):
    with pytest.raises(DomainError) as refused:
        search.search(
            "证明",
            audience="robot",
            department="91370100MA3C00000X",
            region="999999",
            item_type="99",
            page=0,
            page_size=500,
        )
    error = refused.value
    assert error.code == "invalid_search"
    assert error.status == 400
    assert set(error.fields) == {"audience", "department", "region", "type", "page", "page_size"}
    assert "行政区划" in error.fields["region"]


def test_an_overlong_query_is_refused():
    with pytest.raises(DomainError) as refused:
        search.search("证" * (search.MAX_QUERY_LENGTH + 1))
    assert set(refused.value.fields) == {"q"}

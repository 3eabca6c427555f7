"""Catalogue search (事项搜索): Chinese word segmentation with jieba, a domain dictionary and
everyday-phrase synonyms, over a full-text index kept in the database.

Every entry's words are stored segmented and space-separated in ``Implementation.search_text``,
so neither database needs to understand Chinese: SQLite indexes the column in an FTS5 table
(ranked by bm25, migration 0002), PostgreSQL through a GIN index over a stored generated column
``to_tsvector('simple', search_text)`` (ranked by ts_rank, migration 0003). A query is segmented
the same way, widened with the formal words of any everyday phrase in it, stripped of stop
words, and its terms are ORed;
the engine's relevance is then nudged by a bonus for terms in the item's own name and, as a
tie-break, by popularity."""

from __future__ import annotations

import functools
import html
import logging
import operator
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jieba
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.functions import Ln
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tongban.catalog.models import Audience, Implementation, ItemType, OnlineDepth
from tongban.core.errors import DomainError
from tongban.core.models import Department, Region

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DICTIONARY = FIXTURES / "search-dictionary.txt"
SYNONYMS = FIXTURES / "synonyms.txt"
INDEX_LANGUAGE = "zh-hans"

# Words that say how someone asks, not what they ask for (我要办什么, 在哪里办).
STOP_WORDS = frozenset(
    """
    我 我们 你 您 他 她 要 想 想要 需要 办 办理 去 在 到 给 帮 帮忙 请 请问 问 问下 一下
    怎么 怎么办 怎样 如何 什么 啥 哪 哪里 哪儿 哪个 哪些 谁 的 地 得 了 着 过 吗 呢 啊 吧 呀 么
    是 有 没有 个 一个 能 能否 可以 可不可以 应该 该 找 和 与 及 或 或者 还 也 都 就 把 被 让
    对 为 时 时候 后 以后 之后 之前 手续 流程 步骤 材料 多久 多少 钱 费用 网上 线上 在线
    """.split()  # noqa: SIM905 - a word list reads better as words
)

# The FTS5 table of migration 0002 (SQLite) and the SQL over it and the entry table. The
# expressions over search_text must stay the same as the ones the migration indexes.
FTS_DELETE = "DELETE FROM catalog_implementation_fts WHERE rowid = %s"
FTS_INSERT = "INSERT INTO catalog_implementation_fts (rowid, search_text) VALUES (%s, %s)"
FTS_EMPTY = "DELETE FROM catalog_implementation_fts"
FTS_REFILL = (
    "INSERT INTO catalog_implementation_fts (rowid, search_text) "
    "SELECT id, search_text FROM catalog_implementation"
)
FTS_JOIN = "catalog_implementation_fts.rowid = catalog_implementation.id"
FTS_MATCH = "catalog_implementation_fts MATCH %s"
FTS_RELEVANCE = "-bm25(catalog_implementation_fts)"
FTS_TERM_COUNT = (
    "(SELECT count(*) FROM (SELECT 1 FROM catalog_implementation_fts"
    " WHERE catalog_implementation_fts MATCH %s LIMIT %s))"
)
# PostgreSQL: the stored tsvector column of migration 0003, generated from search_text, so
# ranking reads the vector instead of re-parsing the text of every candidate row.
TS_MATCH = "catalog_implementation.search_vector @@ to_tsquery('simple', %s)"
TS_TERM_COUNT = (
    "(SELECT count(*) FROM (SELECT 1 FROM catalog_implementation"
    " WHERE search_vector @@ to_tsquery('simple', %s) LIMIT %s) AS found)"
)
TS_RELEVANCE = "%s * ts_rank(catalog_implementation.search_vector, to_tsquery('simple', %s))"

MAX_QUERY_LENGTH = 100
MAX_TERMS = 24
MAX_PAGE_SIZE = 50
# Counting stops here: "1000+" is as useful to a reader as an exact figure and far cheaper.
MAX_COUNTED = 1000

# A term in more entries than this is common (登记, 证明 at national scale): it still counts
# in the name bonus (and in ts_rank) of entries the rarer terms find, but finds none by itself.
# Ranking every entry that mentions 登记 would cost far more than it tells (the idea of
# Lucene's common-terms query). Below this size every term finds entries.
COMMON_TERM_ENTRIES = 2000

# Ranking: the engine's relevance, plus NAME_BONUS for each query term in the item's own name,
# plus a small log(popularity) tie-break. ts_rank is on a much smaller scale than bm25, hence
# the per-engine factor that brings it to bm25's.
NAME_BONUS = 1.5
POPULARITY_WEIGHT = 0.05
TS_RANK_SCALE = 40.0

_TERM = re.compile(r"[^\W_]+")
_AUDIENCES = {
    Audience.PERSON.value: [Audience.PERSON, Audience.BOTH],
    Audience.ORGANISATION.value: [Audience.ORGANISATION, Audience.BOTH],
}


@dataclass(frozen=True)
class Lexicon:
    """A jieba tokenizer with the domain words added, and the everyday phrases' formal words."""

    tokenizer: jieba.Tokenizer
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def words(self, text: str, *, parts: bool = True) -> list[str]:
        """Search words of ``text``, lower-cased, punctuation dropped: with ``parts``, long words
        and also their shorter parts (jieba's search mode), otherwise the long words only."""
        cut = self.tokenizer.cut_for_search if parts else self.tokenizer.cut
        return [term.lower() for token in cut(text) for term in _TERM.findall(token)]

    def formal_words(self, query: str) -> list[str]:
        """The formal words of every everyday phrase found anywhere in ``query``."""
        return [
            word for phrase, formal in self.synonyms.items() if phrase in query for word in formal
        ]


def dictionary_entries(lines: Iterable[str]) -> Iterable[tuple[str, int | None, str | None]]:
    """``word [freq] [tag]`` lines of a jieba user dictionary; ``#`` starts a comment.
    Parsed here because jieba's own loader would take a comment line for a word."""
    for line in lines:
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        yield parts[0], freq, tag


def synonym_entries(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``everyday phrase<TAB>formal words`` lines; a phrase given twice keeps all its words."""
    synonyms: dict[str, list[str]] = {}
    for line in lines:
        content = line.split("#", 1)[0]
        phrase, tab, formal = content.partition("\t")
        if not tab or not phrase.strip():
            continue
        words = synonyms.setdefault(phrase.strip(), [])
        words += [w for w in formal.split() if w not in words]
    return {phrase: tuple(words) for phrase, words in synonyms.items() if words}


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []


def load_lexicon(dictionary: Path, synonyms: Path) -> Lexicon:
    """Build a lexicon from the two files; a missing file just adds nothing."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq, tag in dictionary_entries(_read_lines(dictionary)):
        tokenizer.add_word(word, freq, tag)
    return Lexicon(tokenizer, synonym_entries(_read_lines(synonyms)))


_lexicon_lock = threading.Lock()


@functools.cache
def _process_lexicon() -> Lexicon:
    return load_lexicon(DICTIONARY, SYNONYMS)


def lexicon() -> Lexicon:
    """The process's lexicon, built at first use: building it takes about a second, which
    start-up and commands that never search should not pay. The lock makes threads that ask
    at the same moment wait for the one build instead of each starting their own."""
    with _lexicon_lock:
        return _process_lexicon()


def document(implementation: Implementation) -> str:
    """The words an implementation entry is found by, space-separated. The item type is
    named in Chinese whatever language the request that saves the entry speaks."""
    item = implementation.item
    with translation.override(INDEX_LANGUAGE):
        type_label = str(item.get_item_type_display())
    text = " ".join(
        [item.name, item.keywords, implementation.result_name, implementation.department.name]
    )
    return " ".join(lexicon().words(f"{text} {type_label}"))


def index(implementation: Implementation) -> None:
    """Store the entry's search words; on SQLite also replace its row in the FTS5 table.
    The FTS row is written here rather than by triggers because Django rebuilds a SQLite table
    to alter it, which would silently drop triggers on it (a delete trigger, which only tidies,
    removes rows of deleted entries; searches join on live, active entries either way)."""
    implementation.search_text = document(implementation)
    Implementation.objects.filter(pk=implementation.pk).update(
        search_text=implementation.search_text
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(FTS_DELETE, [implementation.pk])
            cursor.execute(FTS_INSERT, [implementation.pk, implementation.search_text])


def rebuild_index() -> None:
    """Refill SQLite's FTS5 table from the search_text column (after a bulk load or a restore).
    PostgreSQL's index is over the column itself and is always in step."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(FTS_EMPTY)
        cursor.execute(FTS_REFILL)


def query_terms(query: str) -> list[str]:
    """The distinct terms searched for: the query's words with their parts, and the formal
    words of its everyday phrases, without stop words, at most MAX_TERMS. Formal words go in
    whole: cut into parts, one synonym would outweigh everything the person actually typed."""
    words = lexicon()
    candidates = words.words(query) + [
        term for formal in words.formal_words(query) for term in words.words(formal, parts=False)
    ]
    terms: list[str] = []
    for term in candidates:
        if not _is_stop_word(term) and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _is_stop_word(term: str) -> bool:
    """A stop word, or a word made only of one-character stop words (我要, 要办)."""
    return term in STOP_WORDS or all(character in STOP_WORDS for character in term)


@dataclass(frozen=True)
class Hit:
    implementation: Implementation
    highlight: SafeString  # the item name, HTML-escaped, matched terms in <mark>
    matched_terms: tuple[str, ...]


@dataclass(frozen=True)
class SearchPage:
    hits: list[Hit]
    terms: tuple[str, ...]
    total: int  # at most MAX_COUNTED
    total_capped: bool  # there are more than MAX_COUNTED
    page: int
    page_size: int
    has_next: bool

    @property
    def results(self) -> list[Implementation]:
        return [hit.implementation for hit in self.hits]

    @property
    def total_label(self) -> str:
        return f"{self.total}+" if self.total_capped else str(self.total)


def search(
    query: str = "",
    *,
    audience: str | None = None,
    department: str | None = None,
    region: str | None = None,
    item_type: str | None = None,
    online_only: bool = False,
    page: int = 1,
    page_size: int = 20,
) -> SearchPage:
    """Active entries matching ``query`` and the filters, best first; without a query (or with
    only stop words) the most popular first. Raises DomainError, listing every bad parameter,
    for a filter that names nothing or a page out of range."""
    query = (query or "").strip()
    problems: dict[str, str] = {}
    conditions = (
        Q(is_active=True)
        & _audience_filter(audience, problems)
        & _department_filter(department, problems)
        & _region_filter(region, problems)
        & _type_filter(item_type, problems)
    )
    if online_only:
        conditions &= Q(online_depth=OnlineDepth.FULLY_ONLINE)
    _check_query_and_page(query, page, page_size, problems)
    if problems:
        raise DomainError("invalid_search", _("搜索条件有误，请检查后重试。"), fields=problems)
    entries = Implementation.objects.filter(conditions).select_related(
        "item", "department", "region"
    )
    terms = query_terms(query) if query else []
    if terms:
        matching = _matching(entries, _finding_terms(terms))
        ordered = _ranked(matching, terms)
    else:
        matching = entries
        ordered = entries.order_by("-popularity", "id")
    offset = (page - 1) * page_size
    rows = list(ordered.prefetch_related("fees")[offset : offset + page_size + 1])
    counted = matching.order_by()[: MAX_COUNTED + 1].count()
    return SearchPage(
        hits=[_hit(entry, terms) for entry in rows[:page_size]],
        terms=tuple(terms),
        total=min(counted, MAX_COUNTED),
        total_capped=counted > MAX_COUNTED,
        page=page,
        page_size=page_size,
        has_next=len(rows) > page_size and offset + page_size < MAX_COUNTED,
    )


def _audience_filter(audience: str | None, problems: dict[str, str]) -> Q:
    if not audience:
        return Q()
    if audience not in _AUDIENCES:
        problems["audience"] = _("服务对象只能是 person（自然人）或 organisation（法人）。")
        return Q()
    return Q(item__audience__in=_AUDIENCES[audience])


def _department_filter(uscc: str | None, problems: dict[str, str]) -> Q:
    if not uscc:
        return Q()
    found = Department.objects.filter(uscc=uscc.strip().upper()).first()
    if found is None:
        problems["department"] = _("找不到统一社会信用代码为“%(c)s”的部门。") % {"c": uscc}
        return Q()
    return Q(department=found)


def _region_filter(code: str | None, problems: dict[str, str]) -> Q:
    """The region itself and everything under it (a city takes in its counties)."""
    if not code:
        return Q()
    found = Region.objects.filter(code=code.strip()).first()
    if found is None:
        problems["region"] = _("找不到行政区划代码“%(c)s”。") % {"c": code}
        return Q()
    return Q(region__code__startswith=found.scope_prefix)


def _type_filter(item_type: str | None, problems: dict[str, str]) -> Q:
    if not item_type:
        return Q()
    if item_type not in ItemType.values:
        problems["type"] = _("未知的事项类型代码“%(c)s”。") % {"c": item_type}
        return Q()
    return Q(item__item_type=item_type)


def _check_query_and_page(query: str, page: int, page_size: int, problems: dict[str, str]) -> None:
    if len(query) > MAX_QUERY_LENGTH:
        problems["q"] = _("搜索词不能超过%(n)s个字。") % {"n": MAX_QUERY_LENGTH}
    if page < 1:
        problems["page"] = _("页码从1开始。")
    elif (page - 1) * page_size >= MAX_COUNTED:
        problems["page"] = _("只能翻阅前%(n)s条结果，请缩小搜索范围。") % {"n": MAX_COUNTED}
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        problems["page_size"] = _("每页条数应在1到%(n)s之间。") % {"n": MAX_PAGE_SIZE}


def _finding_terms(terms: Sequence[str]) -> list[str]:
    """The terms entries are found by: all but the common ones (in more than
    COMMON_TERM_ENTRIES entries), or the rarest, longest term when every one is common."""
    if len(terms) == 1:
        return list(terms)
    counts = _entry_counts(terms)
    rare = [term for term in terms if counts[term] <= COMMON_TERM_ENTRIES]
    return rare or [min(terms, key=lambda term: (counts[term], -len(term)))]


def _entry_counts(terms: Sequence[str]) -> dict[str, int]:
    """How many entries hold each term, counting no further than COMMON_TERM_ENTRIES + 1,
    in one round trip."""
    if connection.vendor == "sqlite":
        count, expressions = FTS_TERM_COUNT, [f'"{term}"' for term in terms]
    else:
        count, expressions = TS_TERM_COUNT, [_tsquery([term]) for term in terms]
    params: list[object] = []
    for expression in expressions:
        params += [expression, COMMON_TERM_ENTRIES + 1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([count] * len(terms)), params)
        return dict(zip(terms, cursor.fetchone(), strict=True))


def _matching(entries: QuerySet[Implementation], terms: Sequence[str]) -> QuerySet[Implementation]:
    """Entries with any of the terms, as the database's full-text index finds them."""
    if connection.vendor == "sqlite":
        expression = " OR ".join(f'"{term}"' for term in terms)
        # extra() is the ORM's only way to join a table it has no model for; the FTS5 table must
        # be joined (not probed per row in a subquery) for bm25 to run once per query.
        return entries.extra(  # noqa: S610 - fixed SQL; the query is a parameter
            tables=["catalog_implementation_fts"], where=[FTS_JOIN, FTS_MATCH], params=[expression]
        )
    matched = RawSQL(TS_MATCH, [_tsquery(terms)], output_field=BooleanField())  # noqa: S611
    return entries.filter(matched)


def _ranked(matching: QuerySet[Implementation], terms: Sequence[str]) -> QuerySet[Implementation]:
    return matching.annotate(
        score=_relevance(terms) + _name_bonus(terms) + POPULARITY_WEIGHT * Ln(F("popularity") + 1)
    ).order_by("-score", "-popularity", "id")


def _relevance(terms: Sequence[str]) -> RawSQL:
    """The engine's own relevance, larger is better (bm25() is negative: smaller is better)."""
    if connection.vendor == "sqlite":
        return RawSQL(FTS_RELEVANCE, [], output_field=FloatField())  # noqa: S611 - fixed SQL
    return RawSQL(  # noqa: S611 - fixed SQL; the terms are parameters
        TS_RELEVANCE, [TS_RANK_SCALE, _tsquery(terms)], output_field=FloatField()
    )


def _name_bonus(terms: Sequence[str]) -> Combinable:
    """NAME_BONUS for each term in the item's name, counting only terms that are not part of a
    longer term (营业执照 earns it once, not three times with 营业 and 执照), and no single
    characters: 领 in 请问结婚证怎么领 says little about 发票领用."""
    whole = [
        term
        for term in terms
        if len(term) > 1 and not any(term != other and term in other for other in terms)
    ]
    bonuses = [
        Case(When(item__name__contains=term, then=Value(NAME_BONUS)), default=Value(0.0))
        for term in whole
    ]
    return functools.reduce(operator.add, bonuses, Value(0.0))


def _tsquery(terms: Sequence[str]) -> str:
    """Terms are letters and digits only (see Lexicon.words), so quoting cannot be broken."""
    return " | ".join(f"'{term}'" for term in terms)


def _hit(entry: Implementation, terms: Sequence[str]) -> Hit:
    words = set(entry.search_text.split())
    matched = tuple(term for term in terms if term in words)
    return Hit(entry, highlight(entry.item.name, terms), matched)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """``text`` HTML-escaped, with every occurrence of a term wrapped in <mark>."""
    lowered = text.lower()
    folded = lowered if len(lowered) == len(text) else text
    marked = [False] * len(text)
    for term in terms:
        start = folded.find(term)
        while term and start != -1:
            marked[start : start + len(term)] = [True] * len(term)
            start = folded.find(term, start + 1)
    parts: list[str] = []
    for is_marked, run in _runs(text, marked):
        escaped = html.escape(run)
        parts.append(f"<mark>{escaped}</mark>" if is_marked else escaped)
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def _runs(text: str, marked: list[bool]) -> Iterable[tuple[bool, str]]:
    start = 0
    for position in range(1, len(text) + 1):
        if position == len(text) or marked[position] != marked[start]:
            yield marked[start], text[start:position]
            start = position

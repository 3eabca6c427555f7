"""Key-set pagination: "the next N rows after this id", never OFFSET, so page 1,000 costs what
page 1 costs and rows added meanwhile do not shift what the reader sees."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, Q, QuerySet

T = TypeVar("T", bound=Model)


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    items: list[T]
    next_after: int | str | None
    is_first: bool


def parse_after(value: str | None) -> int | None:
    """The ``after`` query parameter; anything that is not a positive id starts from the top."""
    if value and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def keyset_page(queryset: QuerySet[T], *, after: str | None, size: int) -> KeysetPage[T]:
    """One page of ``queryset`` in primary-key order, starting after the id ``after``."""
    start = parse_after(after)
    rows = queryset.order_by("pk")
    if start is not None:
        rows = rows.filter(pk__gt=start)
    items = list(rows[: size + 1])
    more = len(items) > size
    items = items[:size]
    return KeysetPage(
        items=items, next_after=items[-1].pk if more else None, is_first=start is None
    )


_RANK = re.compile(r"(\d+)-(\d+)")


def popularity_page(queryset: QuerySet[T], *, after: str | None, size: int) -> KeysetPage[T]:
    """One page of ``queryset`` most popular first (ties by id), starting after the key
    ``after`` written as "<popularity>-<id>" (the same key set as the popularity index)."""
    rows = queryset.order_by("-popularity", "pk")
    key = _RANK.fullmatch(after or "")
    if key is not None:
        popularity, pk = int(key[1]), int(key[2])
        rows = rows.filter(Q(popularity__lt=popularity) | Q(popularity=popularity, pk__gt=pk))
    items = list(rows[: size + 1])
    more = len(items) > size
    items = items[:size]
    last = items[-1] if more else None
    return KeysetPage(
        items=items,
        next_after=f"{last.popularity}-{last.pk}" if last is not None else None,
        is_first=key is None,
    )


def newest_first_page(queryset: QuerySet[T], *, after: str | None, size: int) -> KeysetPage[T]:
    """One page of ``queryset`` newest first (descending id), starting below the id ``after``."""
    start = parse_after(after)
    rows = queryset.order_by("-pk")
    if start is not None:
        rows = rows.filter(pk__lt=start)
    items = list(rows[: size + 1])
    more = len(items) > size
    items = items[:size]
    return KeysetPage(
        items=items, next_after=items[-1].pk if more else None, is_first=start is None
    )

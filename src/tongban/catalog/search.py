"""Catalogue search: Chinese word segmentation (jieba) with a domain dictionary and synonyms."""

from __future__ import annotations

import jieba

from tongban.catalog.models import Implementation


def document(implementation: Implementation) -> str:
    """The words an implementation entry is found by, space-separated."""
    item = implementation.item
    text = " ".join(
        [item.name, item.keywords, implementation.result_name, implementation.department.name]
    )
    return " ".join(word for word in jieba.cut_for_search(text) if word.strip())


def index(implementation: Implementation) -> None:
    implementation.search_text = document(implementation)
    Implementation.objects.filter(pk=implementation.pk).update(
        search_text=implementation.search_text
    )

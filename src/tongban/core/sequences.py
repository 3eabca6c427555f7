"""Gap-tolerant, collision-free counters for numbers people see (办件编号, 文书编号)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from tongban.core.models import Sequence


def next_value(name: str) -> int:
    """The next value of counter ``name``, starting at 1. Call inside the transaction that uses
    the number: a rolled-back transaction gives its number back."""
    with transaction.atomic():
        counter = Sequence.objects.select_for_update().filter(name=name).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = Sequence.objects.create(name=name, value=0)
            except IntegrityError:
                counter = Sequence.objects.select_for_update().get(name=name)
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value

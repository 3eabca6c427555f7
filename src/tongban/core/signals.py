"""Signals other rooms listen to (rooms above core may not be imported from here)."""

from __future__ import annotations

from dataclasses import dataclass

from django.dispatch import Signal

# Sent after an official holiday schedule was loaded and committed (the command or the admin),
# outside any transaction: receivers recompute the dates they counted provisionally through
# that year, in chunks of their own, and return a Recomputed. Arguments: year, actor.
holiday_year_loaded = Signal()


@dataclass(frozen=True)
class Recomputed:
    """What a receiver of holiday_year_loaded did: how many dates it looked at and moved."""

    what: str  # e.g. 办结期限
    examined: int
    changed: int

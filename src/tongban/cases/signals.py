"""Signals other rooms listen to (rooms above this one may not be imported from here)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of the action that closed a case with an approval; receivers
# (the licences room) do their part in the same transaction. Arguments: case, actor.
case_approved = Signal()

"""The embedded default: one machine, SQLite, demo data, debug pages off unless asked for."""

from __future__ import annotations

from .base import *  # noqa: F403

"""Moments as the windows show them: in this computer's time zone, to the minute."""

from __future__ import annotations

from datetime import UTC, datetime


def local_minute(when: datetime) -> str:
    """'2026-12-03 19:05' in the local time zone. A moment without a zone is UTC: that is
    how everything is stored, and SQLite hands it back without its zone."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")

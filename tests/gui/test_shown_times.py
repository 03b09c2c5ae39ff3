"""Times in the windows: her own time zone, and a moment stored without a zone is UTC."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest

from evidencekit.gui.shown_times import local_minute


@pytest.fixture
def in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_moment_is_shown_in_the_local_time_zone(in_new_york: None) -> None:
    assert local_minute(datetime(2026, 12, 3, 18, 5, 59, tzinfo=UTC)) == "2026-12-03 13:05"
    paris = timezone(timedelta(hours=1))
    assert local_minute(datetime(2026, 7, 1, 2, 30, tzinfo=paris)) == "2026-06-30 21:30"


def test_a_moment_without_a_zone_is_read_as_utc(in_new_york: None) -> None:
    assert local_minute(datetime(2026, 12, 3, 18, 5)) == "2026-12-03 13:05"

from __future__ import annotations

import pytest

from evidencekit.domain.timecode import BadTime, parse_time


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("75", 75.0),
        ("75.5", 75.5),
        (".5", 0.5),
        ("1:15", 75.0),
        ("01:15.25", 75.25),
        ("1:02:03", 3723.0),
        (" 0:00 ", 0.0),
    ],
)
def test_times_people_type(text: str, seconds: float) -> None:
    assert parse_time(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "-1", "1:60", "1:60:00", "1:2:3:4", "1::2", "1.2.3"])
def test_not_times(text: str) -> None:
    with pytest.raises(BadTime, match="is not a time"):
        parse_time(text)

"""Reading a time in a clip as people type it: seconds (``75.5``), ``m:ss`` or ``h:mm:ss``."""

from __future__ import annotations

import re

from evidencekit.domain.errors import EvidenceKitError

_TIME = re.compile(r"^(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d*)?|\.\d+)$")


class BadTime(EvidenceKitError):
    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"{text!r} is not a time; write seconds (75.5), m:ss (1:15) or h:mm:ss.")


def parse_time(text: str) -> float:
    match = _TIME.match(text.strip())
    if match is None:
        raise BadTime(text)
    hours, minutes, seconds = match.groups()
    if (minutes is not None and float(seconds) >= 60) or (hours is not None and int(minutes) >= 60):
        raise BadTime(text)
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)

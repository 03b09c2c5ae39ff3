"""References to clip moments inside an essay, such as "Lesson 1 @ 03:15".

They are plain text, so they read the same in the editor, the PDF and the
viewer; the app finds them by the clip titles of the submission.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from evidencekit.domain.submissions import Clip

_TIME = r"(?P<time>\d{1,2}(?::\d{2}){1,2})"
_ANY_MOMENT = re.compile(r"@\s*" + _TIME + r"\b")


@dataclass(frozen=True)
class ClipReference:
    start: int  # character offsets of the whole reference in the text
    end: int
    seconds: int
    clip: Clip | None  # None when the text names no clip of this submission


def parse_time(text: str) -> int:
    """'03:15' -> 195, '1:02:03' -> 3723."""
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def format_moment(clip_title: str, seconds: float) -> str:
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    time = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"{clip_title} @ {time}"


@lru_cache(maxsize=64)
def _titles_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    # Longest titles first: at any position the alternation takes the first that
    # matches, so "Lesson 10" is not read as "Lesson 1" followed by "0".
    names = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(f"(?P<title>{names})" + r"\s*@\s*" + _TIME + r"\b")


def find_clip_references(text: str, clips: Sequence[Clip]) -> list[ClipReference]:
    """Every "<clip title> @ mm:ss" in ``text``, and every "@ mm:ss" naming no clip."""
    if "@" not in text:
        return []
    by_title = {c.title: c for c in clips if c.title.strip()}
    found: list[ClipReference] = []
    if by_title:
        pattern = _titles_pattern(tuple(sorted(by_title)))
        for match in pattern.finditer(text):
            clip = by_title[match["title"]]
            found.append(ClipReference(match.start(), match.end(), parse_time(match["time"]), clip))
    named = [(r.start, r.end) for r in found]
    for match in _ANY_MOMENT.finditer(text):
        if not any(s <= match.start() < e for s, e in named):
            found.append(ClipReference(match.start(), match.end(), parse_time(match["time"]), None))
    return sorted(found, key=lambda r: r.start)

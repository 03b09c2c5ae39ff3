"""A stretch of a clip: which file, from when to when.

The in and out points travel together through the trim and cut code; checking
them here once means every entry point rejects the same bad input in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evidencekit.domain.errors import MediaError


@dataclass(frozen=True)
class Stretch:
    """``source`` from ``start_s`` to ``end_s`` seconds (clip time, not wall time)."""

    source: Path
    start_s: float
    end_s: float

    def __post_init__(self) -> None:
        if self.start_s < 0 or self.end_s <= self.start_s:
            raise MediaError(str(self.source), "the out point must come after the in point.")

    @property
    def length_s(self) -> float:
        return self.end_s - self.start_s

"""A finished recording handed to whoever imports it, and a free name for it.

Its bookmarks are also kept beside the clip (``media.recording.bookmarks``), so they
reach the player and import even when the clip is picked up later. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evidencekit.domain.submissions import Bookmark


@dataclass(frozen=True)
class RecordedClip:
    """A finished (or recovered) recording, ready for the caller to import."""

    path: Path
    bookmarks: list[Bookmark]
    duration_s: float


def unique_clip_path(folder: Path, stem: str) -> Path:
    """``folder/stem.mp4``, or ``stem-2.mp4`` … if that is taken."""
    candidate, number = folder / f"{stem}.mp4", 2
    while candidate.exists():
        candidate, number = folder / f"{stem}-{number}.mp4", number + 1
    return candidate

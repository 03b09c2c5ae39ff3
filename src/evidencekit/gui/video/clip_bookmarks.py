"""Bookmarks dropped while recording, kept beside the finished clip.

``lesson.mp4`` gets ``lesson.mp4.bookmarks.json``: a list of ``{"seconds",
"label"}``. The recorder's own sidecar is removed when a recording finishes,
so this file is what carries the bookmarks to the player (and to whoever
imports the clip). Qt-free.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from evidencekit.media.recorder import Bookmark

SUFFIX = ".bookmarks.json"


def bookmarks_path(clip: Path) -> Path:
    return clip.with_name(clip.name + SUFFIX)


def save_bookmarks(clip: Path, bookmarks: list[Bookmark]) -> Path:
    """Write atomically, so a crash leaves the old list or the new one, never half."""
    target = bookmarks_path(clip)
    temp = target.with_name(target.name + ".tmp")
    with temp.open("w", encoding="utf-8") as handle:
        json.dump([asdict(b) for b in bookmarks], handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, target)
    return target


def load_bookmarks(clip: Path) -> list[Bookmark]:
    """The clip's bookmarks, or none when there are none or the file is unreadable."""
    try:
        data = json.loads(bookmarks_path(clip).read_text(encoding="utf-8"))
        return [Bookmark(float(item["seconds"]), str(item["label"])) for item in data]
    except (OSError, ValueError, TypeError, KeyError):
        return []  # bookmarks are a convenience: a damaged list must not stop playback


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

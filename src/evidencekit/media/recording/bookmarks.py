"""Bookmarks kept beside a clip file, so they travel with it until it is imported.

``lesson.mp4`` gets ``lesson.mp4.bookmarks.json``: a list of ``{"seconds",
"label"}``. The recorder's own sidecar is removed when a recording finishes,
so this file is what carries the bookmarks to the player and to import,
which stores them with the clip's evidence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from evidencekit.domain.submissions import Bookmark
from evidencekit.storage.atomic_files import write_atomically

SUFFIX = ".bookmarks.json"


def bookmarks_path(clip: Path) -> Path:
    return clip.with_name(clip.name + SUFFIX)


def save_bookmarks(clip: Path, bookmarks: Sequence[Bookmark]) -> Path:
    """Write atomically, so a crash leaves the old list or the new one, never half."""
    target = bookmarks_path(clip)
    write_atomically(target, json.dumps([asdict(b) for b in bookmarks]).encode("utf-8"))
    return target


def load_bookmarks(clip: Path) -> list[Bookmark]:
    """The clip's bookmarks, or none when there are none or the file is unreadable."""
    try:
        data = json.loads(bookmarks_path(clip).read_text(encoding="utf-8"))
        return [Bookmark(float(item["seconds"]), str(item["label"])) for item in data]
    except (OSError, ValueError, TypeError, KeyError):
        return []  # bookmarks are a convenience: a damaged list must not stop anything


def bookmarks_within(bookmarks: Sequence[Bookmark], start_s: float, end_s: float) -> list[Bookmark]:
    """The bookmarks between ``start_s`` and ``end_s``, measured from ``start_s``."""
    return [
        Bookmark(round(b.seconds - start_s, 3), b.label)
        for b in bookmarks
        if start_s <= b.seconds <= end_s
    ]

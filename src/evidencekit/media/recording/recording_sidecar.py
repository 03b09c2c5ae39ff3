"""A recording's files and its JSON sidecar, apart from the encoder.

Recovery on start reads these without loading the encoder (and NumPy behind it).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from evidencekit.domain.submissions import Bookmark
from evidencekit.storage.atomic_files import write_atomically

PARTIAL_SUFFIX = ".recording.mp4"
SIDECAR_SUFFIX = ".recording.json"


@dataclass
class RecordingState:
    """What the sidecar holds: enough to recover a clip and its bookmarks."""

    started_at: str
    width: int
    height: int
    fps: int
    bookmarks: list[Bookmark] = field(default_factory=list)
    # Seconds into the recording where a resume joined two takes (the paused span is cut out).
    pauses: list[float] = field(default_factory=list)


def write_sidecar(path: Path, state: RecordingState) -> None:
    write_atomically(path, json.dumps(asdict(state)).encode("utf-8"))


def read_sidecar(path: Path) -> RecordingState:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["bookmarks"] = [Bookmark(**b) for b in data.get("bookmarks", [])]
    return RecordingState(**data)

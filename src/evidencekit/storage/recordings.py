"""The workspace's recordings folder, and which slot each recording in it is meant for.

Recordings are written to ``<workspace>/recordings/`` (made on first use) and
imported into the media store when they finish. Each recording started for a
slot gets ``<clip>.target.json`` beside its final name the moment it starts,
so a recording a crash interrupted can still be put back where it belongs.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from evidencekit.storage.atomic_files import write_atomically

RECORDINGS_DIR = "recordings"
TARGET_SUFFIX = ".target.json"


@dataclass(frozen=True)
class RecordingTarget:
    submission_id: int
    slot_id: str


def recordings_folder(workspace_dir: Path) -> Path:
    return workspace_dir / RECORDINGS_DIR


def target_path(clip: Path) -> Path:
    return clip.with_name(clip.name + TARGET_SUFFIX)


def save_target(clip: Path, target: RecordingTarget) -> None:
    write_atomically(target_path(clip), json.dumps(asdict(target)).encode("utf-8"))


def load_target(clip: Path) -> RecordingTarget | None:
    """The slot ``clip`` was recorded for; None when unknown or the note is unreadable."""
    try:
        data = json.loads(target_path(clip).read_text(encoding="utf-8"))
        return RecordingTarget(int(data["submission_id"]), str(data["slot_id"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def carry_target(intended: Path, actual: Path) -> None:
    """A recording finished under another name than planned: its note follows it."""
    if intended != actual and target_path(intended).exists():
        os.replace(target_path(intended), target_path(actual))

"""Putting a recording made in the app into the slot it was made for.

A recording lands in the workspace's recordings folder with its bookmarks and
pauses beside it; importing it stores the clip (and those notes) with the
evidence, like Add files. Once the media store holds it, the copy in the
recordings folder is removed so a lesson does not take its space twice. A
recording that cannot go into its slot stays where it is, and the teacher is
told where, so she can add it herself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evidencekit.domain.errors import Cancelled, EvidenceKitError
from evidencekit.domain.submissions import Evidence
from evidencekit.domain.tasks import Reporter
from evidencekit.media.recording.bookmarks import bookmarks_path
from evidencekit.media.takes import pauses_path
from evidencekit.services.evidence import add_evidence_files
from evidencekit.storage.recordings import RecordingTarget, load_target, target_path
from evidencekit.storage.workspace import Workspace


def import_recording(
    workspace: Workspace,
    submission_id: int,
    slot_id: str,
    clip: Path,
    reporter: Reporter | None = None,
) -> list[Evidence]:
    """Add a finished recording to a slot, then tidy it out of the recordings folder."""
    added = add_evidence_files(workspace, submission_id, slot_id, [clip], reporter)
    for leftover in (clip, bookmarks_path(clip), pauses_path(clip), target_path(clip)):
        leftover.unlink(missing_ok=True)
    return added


@dataclass(frozen=True)
class RecoveredImport:
    """What became of one recovered recording: added to its slot, or why not."""

    path: Path
    target: RecordingTarget | None
    added: list[Evidence]
    problem: str = ""


def import_recovered(
    workspace: Workspace,
    clips: Sequence[Path],
    reporter: Reporter | None = None,
) -> list[RecoveredImport]:
    """Each recovered recording into the slot it was started for, when that slot can take it."""
    outcomes = []
    for clip in clips:
        target = load_target(clip)
        if target is None:
            outcomes.append(RecoveredImport(clip, None, [], "it was not recorded for a slot"))
            continue
        try:
            added = import_recording(
                workspace, target.submission_id, target.slot_id, clip, reporter
            )
        except Cancelled:
            raise
        except EvidenceKitError as exc:
            # One recording that no longer fits its slot must not keep the others out.
            outcomes.append(RecoveredImport(clip, target, [], exc.message))
            continue
        outcomes.append(RecoveredImport(clip, target, added))
    return outcomes

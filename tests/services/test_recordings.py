"""Recordings go into the slot they were made for, and leave the recordings folder then."""

from __future__ import annotations

from pathlib import Path

from evidencekit.domain.submissions import Clip
from evidencekit.services.recordings import import_recording, import_recovered
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.storage.recordings import (
    RecordingTarget,
    carry_target,
    load_target,
    recordings_folder,
    save_target,
)
from evidencekit.storage.workspace import Workspace
from tests.services.clip_fixtures import paused_clip, recorded_clip

CFU = "checking-for-understanding"


def test_a_recording_goes_in_with_its_notes_and_leaves_the_folder(
    workspace: Workspace,
) -> None:
    sid = create_submission(workspace, CFU, "questioning", "Spring").submission.id
    folder = recordings_folder(workspace.path)
    folder.mkdir()
    clip_file = paused_clip(folder)
    save_target(clip_file, RecordingTarget(sid, "q-clip"))
    [clip] = import_recording(workspace, sid, "q-clip", clip_file)
    assert isinstance(clip, Clip)
    assert [b.label for b in clip.bookmarks] == ["after the pause"] and clip.takes == 2
    assert list(folder.iterdir()) == []  # clip, bookmarks, pauses and target note all gone
    assert submission_detail(workspace, sid).evidence == [clip]


def test_recovered_recordings_go_where_they_can_and_the_rest_stay(
    workspace: Workspace,
) -> None:
    sid = create_submission(workspace, CFU, "questioning", "Spring").submission.id
    folder = recordings_folder(workspace.path)
    folder.mkdir()
    fits, gone, unknown = (recorded_clip(folder, name, 1.0) for name in ("a", "b", "c"))
    save_target(fits, RecordingTarget(sid, "q-clip"))
    save_target(gone, RecordingTarget(99, "q-clip"))
    outcomes = import_recovered(workspace, [fits, gone, unknown])
    assert [(o.path.name, bool(o.added)) for o in outcomes] == [
        ("a.mp4", True),
        ("b.mp4", False),
        ("c.mp4", False),
    ]
    assert "There is no submission" in outcomes[1].problem
    assert outcomes[2].problem == "it was not recorded for a slot"
    assert gone.exists() and unknown.exists() and not fits.exists()
    assert load_target(gone) == RecordingTarget(99, "q-clip")
    [clip] = submission_detail(workspace, sid).evidence
    assert isinstance(clip, Clip) and clip.title == "a"


def test_the_target_note_follows_a_renamed_recording(tmp_path: Path) -> None:
    planned, actual = tmp_path / "lesson.mp4", tmp_path / "lesson-2.mp4"
    save_target(planned, RecordingTarget(3, "q-clip"))
    carry_target(planned, actual)
    assert load_target(planned) is None and load_target(actual) == RecordingTarget(3, "q-clip")
    carry_target(planned, planned)  # nothing to move: no error

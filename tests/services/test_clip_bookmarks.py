"""Bookmarks beside an imported clip are stored with its evidence and carried into attempt 2."""

from __future__ import annotations

import shutil
from pathlib import Path

from evidencekit.domain.submissions import Bookmark, Clip
from evidencekit.media.recording.bookmarks import bookmarks_path, save_bookmarks
from evidencekit.services.resubmission import start_next_attempt
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.services.video_import import import_clips
from evidencekit.storage.models import AttemptRow
from evidencekit.storage.workspace import Workspace

CFU = "checking-for-understanding"


def test_imported_clip_keeps_its_bookmarks(
    workspace: Workspace, tmp_path: Path, sample_clip: Path
) -> None:
    clip_file = tmp_path / "lesson.mp4"
    shutil.copy(sample_clip, clip_file)
    marks = [Bookmark(1.5, "students respond"), Bookmark(3.0, "exit ticket")]
    save_bookmarks(clip_file, marks)
    sid = create_submission(workspace, CFU, "questioning", "Spring").submission.id
    [clip] = import_clips(workspace, sid, "q-clip", [clip_file]).evidence
    assert isinstance(clip, Clip) and clip.bookmarks == tuple(marks)
    bookmarks_path(clip_file).unlink()  # the stored evidence no longer needs the sidecar
    [stored] = submission_detail(workspace, sid).evidence
    assert isinstance(stored, Clip) and stored.bookmarks == tuple(marks)

    with workspace.unit_of_work() as session:
        session.get(AttemptRow, 1).status = "returned"
    start_next_attempt(workspace, sid)
    detail = submission_detail(workspace, sid)
    [carried] = detail.evidence
    assert detail.attempt.number == 2
    assert isinstance(carried, Clip) and carried.bookmarks == tuple(marks)


def test_a_clip_without_a_sidecar_has_no_bookmarks(workspace: Workspace, sample_clip: Path) -> None:
    sid = create_submission(workspace, CFU, "questioning", "Spring").submission.id
    [clip] = import_clips(workspace, sid, "q-clip", [sample_clip]).evidence
    assert isinstance(clip, Clip) and clip.bookmarks == ()

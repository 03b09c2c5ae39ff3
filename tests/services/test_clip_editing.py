"""Trimming a clip in a submission: the trimmed copy takes its place in one step."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.domain.errors import Cancelled, EvidenceKitError, MediaError
from evidencekit.domain.submissions import Bookmark, Clip, CutKind
from evidencekit.domain.tasks import CancelToken, Reporter, no_progress
from evidencekit.media.probe import probe
from evidencekit.services import roster
from evidencekit.services.clip_editing import trim_clip
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.services.video_import import import_clips
from evidencekit.storage.models import AttemptRow
from evidencekit.storage.workspace import Workspace
from tests.media.flash_clips import FLASH_CLIPS, make_flash_clip
from tests.services.clip_fixtures import paused_clip, recorded_clip

CFU = "checking-for-understanding"


def _added(workspace: Workspace, path: Path) -> Clip:
    sid = create_submission(workspace, CFU, "questioning", "Spring").submission.id
    [clip] = import_clips(workspace, sid, "q-clip", [path]).evidence
    assert isinstance(clip, Clip) and sid == 1
    return clip


def test_trim_replaces_the_clip_keeping_title_tags_and_shifted_bookmarks(
    workspace: Workspace, tmp_path: Path
) -> None:
    old = _added(workspace, recorded_clip(tmp_path))
    ana = roster.add_student(workspace, "Ana", video=True)
    roster.tag_evidence(workspace, 1, old.id, [ana.id])

    trimmed = trim_clip(workspace, 1, old.id, 1.0, 3.0)

    detail = submission_detail(workspace, 1)
    assert detail.evidence == [trimmed]
    assert trimmed.id != old.id and trimmed.title == old.title == "lesson"
    assert trimmed.file_name == "lesson.mp4" and trimmed.slot_id == "q-clip"
    assert 1.9 <= trimmed.duration_s <= 2.3 < old.duration_s
    assert trimmed.bookmarks == (Bookmark(1.5, "hinge question"),)  # 0.5 s fell outside
    assert [s.name for s in detail.appearances[trimmed.id]] == ["Ana"]
    assert probe(workspace.media.path_for(trimmed.sha256)).duration_s == trimmed.duration_s
    assert workspace.media.has(old.sha256)  # the untrimmed original is kept
    leftovers = list((workspace.path / "media" / ".incoming").iterdir())
    assert leftovers == []


def test_a_trim_keeps_the_pauses_inside_the_kept_part(workspace: Workspace, tmp_path: Path) -> None:
    old = _added(workspace, paused_clip(tmp_path))
    assert [(c.at_s, c.kind) for c in old.cuts] == [(1.0, CutKind.PAUSE)]
    kept = trim_clip(workspace, 1, old.id, 0.0, 3.0)
    assert [(c.at_s, c.kind) for c in kept.cuts] == [(1.0, CutKind.PAUSE)]
    assert kept.bookmarks == (Bookmark(2.5, "after the pause"),)
    after = trim_clip(workspace, 1, kept.id, 2.0, 3.0)
    assert after.cuts == () and after.takes == 1  # the join was cut off
    assert after.bookmarks == (Bookmark(0.5, "after the pause"),)


def test_a_missing_stored_file_is_said_plainly_and_changes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    old = _added(workspace, recorded_clip(tmp_path))
    workspace.media.path_for(old.sha256).unlink()
    with pytest.raises(MediaError, match="stored copy is missing"):
        trim_clip(workspace, 1, old.id, 1.0, 3.0)
    assert submission_detail(workspace, 1).evidence == [old]


def test_cancel_and_bad_points_change_nothing(workspace: Workspace, tmp_path: Path) -> None:
    old = _added(workspace, recorded_clip(tmp_path))
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        trim_clip(workspace, 1, old.id, 1.0, 3.0, Reporter(no_progress, token))
    with pytest.raises(MediaError, match="out point must come after the in point"):
        trim_clip(workspace, 1, old.id, 3.0, 1.0)
    assert submission_detail(workspace, 1).evidence == [old]
    stored = [p for p in (workspace.path / "media").rglob("*") if p.is_file()]
    assert stored == [workspace.media.path_for(old.sha256)]


def test_a_packed_attempt_cannot_be_trimmed(workspace: Workspace, tmp_path: Path) -> None:
    old = _added(workspace, recorded_clip(tmp_path))
    with workspace.unit_of_work() as session:
        session.get(AttemptRow, 1).status = "packed"
    with pytest.raises(EvidenceKitError, match="can no longer change"):
        trim_clip(workspace, 1, old.id, 1.0, 3.0)
    assert submission_detail(workspace, 1).evidence == [old]


@pytest.mark.parametrize(("start", "suffix"), [(2.0, ".avi"), (2.5, ".mp4")])
def test_an_avi_clip_stays_avi_when_its_trim_is_copied(
    start: float, suffix: str, workspace: Workspace, tmp_path: Path
) -> None:
    source = make_flash_clip(tmp_path / "camera.avi", FLASH_CLIPS["avi_late_keys"])
    old = _added(workspace, source)
    # 2.0 s snaps onto the keyframe a frame later (copied); 2.5 s must be re-encoded.
    trimmed = trim_clip(workspace, 1, old.id, start, 5.0)
    assert trimmed.file_name == f"camera{suffix}"
    stored = probe(workspace.media.path_for(trimmed.sha256))
    assert stored.video_codec == ("mpeg4" if suffix == ".avi" else "h264")
    assert stored.duration_s == pytest.approx(5.0 - start, abs=0.1)
    assert list((workspace.path / "media" / ".incoming").iterdir()) == []

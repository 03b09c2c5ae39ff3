"""Stop protecting, from the clip detail: a protected clip goes back to being sealed as
filmed, so preflight asks for every student's consent again."""

from __future__ import annotations

from pathlib import Path

from evidencekit.domain.submissions import Clip
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.video.redact_review import RedactReviewDialog
from evidencekit.services import redaction, roster
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.services.video_import import import_clips
from evidencekit.storage.workspace import Workspace
from tests.media.face_clips import four_faces, make_face_clip


def _one_face_clip(workspace: Workspace, tmp_path: Path) -> tuple[int, Clip]:
    """A new submission with a one-second clip of one face; its id and the clip."""
    summary = create_submission(workspace, "checking-for-understanding", "questioning", "S")
    make_face_clip(tmp_path / "lesson.mp4", four_faces()[:1], seconds=1.0)
    sid = summary.submission.id
    [clip] = import_clips(workspace, sid, "q-clip", [tmp_path / "lesson.mp4"]).evidence
    assert isinstance(clip, Clip)
    return sid, clip


def _clip_codes(workspace: Workspace, sid: int, clip: Clip) -> set[str]:
    detail = submission_detail(workspace, sid)
    return {f.code for f in detail.blocking if f.evidence_id == clip.id}


def _review_from_window(qtbot, workspace: Workspace, sid: int, clip: Clip) -> RedactReviewDialog:
    """Protect students… clicked on the clip in a new main window; the review it opens."""
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    window.select_submission(sid)
    window.checklist.select_slot("q-clip")
    window.slot_panel.files.select_evidence(clip.id)
    window.slot_panel.detail.protect_button.click()  # opens at once when a plan is saved
    qtbot.waitUntil(lambda: bool(window.findChildren(RedactReviewDialog)), timeout=20_000)
    [dialog] = window.findChildren(RedactReviewDialog)
    return dialog


def test_stop_protecting_forgets_the_plan_and_asks_for_consent_again(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    sid, clip = _one_face_clip(workspace, tmp_path)
    ben = roster.add_student(workspace, "Ben", audio=True)  # no consent to be filmed
    roster.tag_evidence(workspace, sid, clip.id, [ben.id])
    redaction.finish_redaction(workspace, clip, redaction.protect_clip(workspace, clip))
    assert _clip_codes(workspace, sid, clip) == set()

    dialog = _review_from_window(qtbot, workspace, sid, clip)
    assert dialog.stop.isVisible()
    with qtbot.waitSignal(dialog.finished, timeout=5_000):
        dialog.stop.click()
    assert redaction.redaction_plan(workspace, clip) is None
    assert "consent.missing" in _clip_codes(workspace, sid, clip)


def test_a_clip_protected_for_the_first_time_offers_no_stop(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    sid, clip = _one_face_clip(workspace, tmp_path)
    dialog = _review_from_window(qtbot, workspace, sid, clip)
    assert not dialog.stop.isVisible()
    dialog.reject()

"""Protect students from the clip detail: find faces, review, make the copy, preflight clears."""

from __future__ import annotations

from pathlib import Path

from evidencekit.domain.submissions import Clip
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.video.redact_review import RedactReviewDialog
from evidencekit.services import redaction, roster
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.services.video_import import import_clips
from evidencekit.storage.workspace import Workspace
from tests.gui.waiting import wait_until_idle
from tests.media.face_clips import four_faces, make_face_clip


def test_protect_review_and_finish_from_the_window(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    sid = create_submission(
        workspace, "checking-for-understanding", "questioning", "S"
    ).submission.id
    source = tmp_path / "lesson.mp4"
    make_face_clip(source, four_faces()[:2], seconds=1.0)
    [clip] = import_clips(workspace, sid, "q-clip", [source]).evidence
    assert isinstance(clip, Clip)
    ana = roster.add_student(workspace, "Ana", audio=True)
    roster.tag_evidence(workspace, sid, clip.id, [ana.id])

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    window.select_submission(sid)
    window.checklist.select_slot("q-clip")
    window.slot_panel.files.select_evidence(clip.id)
    button = window.slot_panel.detail.protect_button
    assert button.isVisible()
    opened: list[RedactReviewDialog] = []
    button.click()
    protection = window.work.protection
    assert protection is not None
    protection.reviewOpened.connect(opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    dialog = opened[0]
    assert len(dialog.plan().tracks) == 2
    qtbot.waitUntil(lambda: dialog.view._image is not None, timeout=10_000)
    with qtbot.waitSignal(protection.changed, timeout=5_000):
        dialog.protect.click()  # saved as reviewed…
    qtbot.waitUntil(  # …then the protected copy is made off the GUI thread
        lambda: (p := redaction.redaction_plan(workspace, clip)) is not None and p.reviewed,
        timeout=20_000,
    )
    wait_until_idle(qtbot, timeout=5_000)
    blocking = {f.code for f in submission_detail(workspace, sid).blocking if f.evidence_id}
    assert "consent.missing" not in blocking and "redaction.unfinished" not in blocking

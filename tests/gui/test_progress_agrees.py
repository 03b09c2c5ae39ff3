"""After Protect students, the Work tab and the Dashboard agree, and typing in an essay
does not turn the protected clip back into a problem."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidencekit.domain.submissions import Clip
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.views.dashboard import ProgressCard
from evidencekit.services import redaction, roster
from evidencekit.services.video_import import import_clips
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION
from tests.gui.clicks import click_requirement, click_tab
from tests.media.face_clips import four_faces, make_face_clip


def test_protected_clip_is_met_everywhere_and_while_typing(
    qtbot, demo_workspace: Workspace, tmp_path: Path
) -> None:
    source = tmp_path / "lesson.mp4"
    make_face_clip(source, four_faces()[:1], seconds=1.0)
    [clip] = import_clips(demo_workspace, DEMO_SUBMISSION, "q-clip", [source]).evidence
    assert isinstance(clip, Clip)
    ana = roster.add_student(demo_workspace, "Ana", audio=True)  # no video consent
    roster.tag_evidence(demo_workspace, DEMO_SUBMISSION, clip.id, [ana.id])
    plan = redaction.protect_clip(demo_workspace, clip)
    redaction.finish_redaction(demo_workspace, clip, plan)  # every face hidden

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.select_submission(DEMO_SUBMISSION)
    assert window.checklist.status_of("q-clip") == "Met"
    assert "Ready to pack" in window.detail_title.text()

    click_tab(window, 1)  # the Dashboard says the same
    [card] = window.dashboard.findChildren(ProgressCard)
    assert card.progress.slots_met == card.progress.slots_total

    click_tab(window, 0)
    click_requirement(window, "q-wait-time")
    QTest.mouseClick(window.slot_panel.editor.text.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClicks(window.slot_panel.editor.text, " And I count to five.")
    qtbot.waitUntil(lambda: window.slot_panel.editor.dirty and not window.slot_panel.editor.typing)
    assert window.checklist.status_of("q-clip") == "Met"
    assert "Ready to pack" in window.detail_title.text()

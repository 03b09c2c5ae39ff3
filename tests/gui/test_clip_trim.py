"""Trim… on a clip in the main window: the trimmed clip takes its place, or nothing changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from evidencekit.domain.submissions import Clip
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.video.trim_dialog import TrimDialog
from evidencekit.services import roster
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.services.video_import import import_clips
from evidencekit.storage.workspace import Workspace
from tests.gui.waiting import wait_until_idle
from tests.services.clip_fixtures import recorded_clip

CFU = "checking-for-understanding"


@pytest.fixture
def clip(workspace: Workspace, tmp_path: Path) -> Clip:
    create_submission(workspace, CFU, "questioning", "Spring")
    [added] = import_clips(workspace, 1, "q-clip", [recorded_clip(tmp_path)]).evidence
    assert isinstance(added, Clip)
    ana = roster.add_student(workspace, "Ana", video=True)
    roster.tag_evidence(workspace, 1, added.id, [ana.id])
    return added


@pytest.fixture
def window(qtbot, workspace: Workspace, clip: Clip) -> MainWindow:
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.show()
    win.select_submission(1)
    win.checklist.select_slot("q-clip")
    win.slot_panel.files.select_evidence(clip.id)
    return win


def _open_trim(qtbot, window: MainWindow) -> TrimDialog:
    trim_button = window.slot_panel.detail.trim_button
    assert trim_button.isVisible() and trim_button.accessibleName() == "Trim this clip"
    with qtbot.waitSignal(window.clips.trimOpened, timeout=10_000) as opened:
        qtbot.mouseClick(trim_button, Qt.MouseButton.LeftButton)
    dialog: TrimDialog = opened.args[0]
    wait_until_idle(qtbot, timeout=20_000)  # the filmstrip's pictures are made
    return dialog


def test_trim_replaces_the_clip_in_its_slot(
    qtbot, window: MainWindow, workspace: Workspace, clip: Clip
) -> None:
    dialog = _open_trim(qtbot, window)
    assert dialog.continuous and dialog.rule.isVisible()  # q-clip asks for one take
    dialog.filmstrip.set_range(1000, 3000)
    assert dialog.selection() == (1.0, 3.0)
    qtbot.mouseClick(dialog.trim_button, Qt.MouseButton.LeftButton)
    wait_until_idle(qtbot, timeout=30_000)

    detail = submission_detail(workspace, 1)
    [trimmed] = detail.evidence
    assert isinstance(trimmed, Clip) and trimmed.id != clip.id
    assert trimmed.title == clip.title and trimmed.duration_s < clip.duration_s - 1.5
    assert [s.name for s in detail.appearances[trimmed.id]] == ["Ana"]
    assert [b.label for b in trimmed.bookmarks] == ["hinge question"]
    assert workspace.media.has(clip.sha256)  # the original is still in the store
    files = window.slot_panel.files
    assert files.items.count() == 1
    assert files.items.currentItem().data(Qt.ItemDataRole.UserRole).id == trimmed.id


def test_cancel_leaves_the_clip_as_it_was(
    qtbot, window: MainWindow, workspace: Workspace, clip: Clip
) -> None:
    dialog = _open_trim(qtbot, window)
    dialog.filmstrip.set_range(1000, 3000)
    dialog.reject()
    assert submission_detail(workspace, 1).evidence == [clip]


def test_a_missing_stored_file_gives_a_clear_error_and_changes_nothing(
    qtbot, window: MainWindow, workspace: Workspace, clip: Clip
) -> None:
    workspace.media.path_for(clip.sha256).unlink()
    qtbot.mouseClick(window.slot_panel.detail.trim_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)), timeout=10_000
    )
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "lesson.mp4: its stored copy is missing" in box.text()
    assert window.findChildren(TrimDialog) == []
    assert submission_detail(workspace, 1).evidence == [clip]

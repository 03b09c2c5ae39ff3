"""A teacher's whole evening, driven through the window as she would click and type."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

from evidencekit.gui.dialogs.small import NewSubmissionDialog
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.views.roster_view import RosterModel
from evidencekit.services.demo_content import lesson_plan_pdf
from evidencekit.storage.workspace import Workspace
from tests.gui.waiting import wait_until_idle

SENTENCE = "Students showed their thinking on whiteboards and I changed the plan. "


def drop_files(widget, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)
    return event


def status(window: MainWindow, slot_id: str) -> str:
    return window.checklist.status_of(slot_id)


def advice(window: MainWindow, slot_id: str) -> str:
    for u in range(window.checklist.topLevelItemCount()):
        unit = window.checklist.topLevelItem(u)
        for r in range(unit.childCount()):
            if unit.child(r).data(0, Qt.ItemDataRole.UserRole) == slot_id:
                return unit.child(r).text(2)
    return ""


def add_by_drop(qtbot, window: MainWindow, slot_id: str, path: Path) -> None:
    window.checklist.select_slot(slot_id)
    pane = window.slot_panel.files
    assert window.slot_panel.currentWidget() is not window.slot_panel.editor
    event = drop_files(pane, [path])
    assert event.isAccepted()
    wait_until_idle(qtbot, timeout=30_000)


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.show()
    return win


def test_a_teachers_whole_path(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, sample_clip: Path, tmp_path: Path
) -> None:
    # 1. Create a submission for one unit.
    def accept(dialog: QDialog) -> int:
        dialog.select("checking-for-understanding", "questioning")
        dialog.title.setText("Spring — questioning")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewSubmissionDialog, "exec", accept)
    window.new_action.trigger()
    assert window.detail is not None and window.detail.submission.title == "Spring — questioning"
    assert status(window, "q-reflection") == "Not yet"

    # 2. Write the reflection past its minimum; the checklist follows the typing.
    window.checklist.select_slot("q-reflection")
    editor = window.slot_panel.editor
    assert window.slot_panel.currentWidget() is editor
    assert "Choose two questions from your clip" in editor.prompt.text()
    editor.text.setFocus()
    qtbot.keyClicks(editor.text, SENTENCE * 25)  # 275 words: not enough yet
    qtbot.waitUntil(lambda: status(window, "q-reflection") == "Problem", timeout=2000)
    assert "at least 300" in advice(window, "q-reflection")
    qtbot.keyClicks(editor.text, SENTENCE * 4)
    # Once typing pauses: live status (the pause re-check comes before autosave).
    qtbot.waitUntil(lambda: status(window, "q-reflection") == "Met", timeout=2000)
    assert "319 words · 300–800 words asked" in editor.count.text()
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)  # autosaved
    assert window.detail.evidence[0].text.startswith("Students showed their thinking")

    window.checklist.select_slot("q-wait-time")
    qtbot.keyClicks(editor.text, "I count to five before anyone answers.")
    # Moving on saves straight away.
    window.checklist.select_slot("q-consent")
    assert status(window, "q-wait-time") == "Met"
    window.slot_panel.attestation.confirm.setChecked(True)
    assert status(window, "q-consent") == "Met"

    # 3. Add the question plan by dropping a PDF on the requirement.
    plan = tmp_path / "question plan.pdf"
    lesson_plan_pdf(plan, "Fractions")
    add_by_drop(qtbot, window, "q-question-plan", plan)
    assert status(window, "q-question-plan") == "Met"
    detail = window.slot_panel.detail
    assert detail.evidence is not None and detail.evidence.file_name == "question plan.pdf"
    assert not detail.picture.pixmap().isNull()  # the PDF's first page

    # 4. Add the clip and tag a student who has no consent on file.
    add_by_drop(qtbot, window, "q-clip", sample_clip)
    assert status(window, "q-clip") == "Met"
    window.roster_view.name.setText("Ana")
    window.roster_view.add_button.click()
    [ana_entry] = [
        detail.people.item(r)
        for r in range(detail.people.count())
        if detail.people.item(r).text() == "Ana"
    ]
    ana_entry.setCheckState(Qt.CheckState.Checked)
    assert status(window, "q-clip") == "Problem"
    assert "shows Ana, who has no consent for video and audio" in advice(window, "q-clip")
    assert "1 thing still to do" in window.detail_title.text()

    # 5. Record her consent in the roster: the checklist turns complete.
    model: RosterModel = window.roster_view.model
    for column in (1, 2):
        assert model.setData(
            model.index(0, column), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
        )
    assert status(window, "q-clip") == "Met"
    unit = window.checklist.topLevelItem(0)
    assert {unit.child(r).text(1) for r in range(unit.childCount())} == {"Met"}
    assert unit.text(1) == "Met"
    assert "Ready to pack" in window.detail_title.text()
    assert window.detail.blocking == []


def test_a_drop_of_the_wrong_type_is_explained(
    qtbot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    from evidencekit.services.submissions import create_submission

    create_submission(workspace, "checking-for-understanding", "questioning", "T")
    window.refresh()
    window.select_submission(1)
    window.checklist.select_slot("q-question-plan")
    bad = tmp_path / "notes.exe"
    bad.write_bytes(b"MZ")
    pane = window.slot_panel.files
    assert not pane.accepts([bad])
    drop_files(pane, [bad])
    wait_until_idle(qtbot, timeout=10_000)
    from PySide6.QtWidgets import QMessageBox

    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "accepts pdf, docx, odt, png, jpg files, not exe" in box.text()
    assert status(window, "q-question-plan") == "Not yet"

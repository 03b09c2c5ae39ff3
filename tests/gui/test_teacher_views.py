"""Item models, the roster, the dashboard, history, moments and workspaces in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from evidencekit.domain.consent import Student
from evidencekit.domain.ids import EvidenceId, SlotId, StudentId
from evidencekit.domain.submissions import Artifact, Clip, Essay
from evidencekit.gui.dialogs.text_dialogs import HistoryDialog
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.models.evidence_model import (
    EvidenceEntry,
    EvidenceFilterProxy,
    EvidenceTableModel,
)
from evidencekit.gui.recent import recent_workspaces
from evidencekit.gui.views.dashboard import ProgressCard
from evidencekit.gui.views.roster_view import RosterModel
from evidencekit.services import evidence as evidence_service
from evidencekit.services import roster
from evidencekit.services.submissions import create_submission
from evidencekit.storage.workspace import Workspace

CFU = "checking-for-understanding"


def entries() -> list[EvidenceEntry]:
    rows = []
    for s in (1, 2):
        rows += [
            EvidenceEntry(
                s,
                f"S{s}",
                "Clip slot",
                Clip(EvidenceId(s * 10), SlotId("c"), "Lesson 4", "0" * 64, "a.mp4", 5, 61, True),
            ),
            EvidenceEntry(
                s,
                f"S{s}",
                "Plan slot",
                Artifact(
                    EvidenceId(s * 10 + 1),
                    SlotId("p"),
                    "Fractions plan",
                    "1" * 64,
                    "plan.pdf",
                    2_000,
                ),
            ),
            EvidenceEntry(
                s,
                f"S{s}",
                "Essay slot",
                Essay(EvidenceId(s * 10 + 2), SlotId("e"), "Reflection", "one two three"),
            ),
        ]
    return rows


def test_evidence_model_and_filter(qtmodeltester) -> None:
    model = EvidenceTableModel()
    model.set_rows(entries(), everything=True)
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(4)] == ["Lesson 4", "Clip", "Clip slot", "1:01"]
    assert model.index(1, 3).data() == "2 kB"
    assert model.index(2, 3).data() == "3 words"
    proxy = EvidenceFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_text("PLAN fractions")
    assert proxy.rowCount() == 2  # every word must match, case ignored, any submission
    proxy.set_submission(2)
    assert [proxy.index(0, 0).data(EvidenceTableModel.EvidenceIdRole)] == [21]
    proxy.set_text("")
    assert proxy.rowCount() == 3
    proxy.set_text("nothing like this")
    assert proxy.rowCount() == 0
    model.replace_submission(2, entries()[:1])
    assert model.rowCount() == 4 and model.holds_everything


def test_roster_model_writes_through_and_reports_errors(qtmodeltester) -> None:
    calls = []

    def writer(student_id: int, column: int, value):
        if value == "Taken":
            raise ValueError("duplicate")
        calls.append((student_id, column, value))
        return Student(StudentId(student_id), "Ana", video=column == 1 and value)

    model = RosterModel(writer=writer)
    model.set_students(
        [Student(StudentId(3), "Ana"), Student(StudentId(4), "Ben", True, True, True, "b.pdf")]
    )
    qtmodeltester.check(model)
    assert model.index(1, 4).data() == "b.pdf"
    assert model.index(0, 4).data() == "not attached"
    assert model.index(1, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.setData(
        model.index(0, 1), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert calls == [(3, 1, True)]
    assert model.index(0, 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    failures = []
    model.failed.connect(failures.append)
    assert not model.setData(model.index(0, 0), "Taken")
    assert len(failures) == 1 and model.index(0, 0).data() == "Ana"
    assert not model.setData(model.index(0, 4), "x")  # the form column is not edited in place


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.show()
    return win


def test_roster_view_adds_renames_and_refuses_duplicates(
    qtbot, window: MainWindow, tmp_path
) -> None:
    view = window.roster_view
    for name in ("Ana", "Ben"):
        view.name.setText(name)
        view.add_button.click()
    assert [s.name for s in roster.list_students(window.workspace)] == ["Ana", "Ben"]
    view.name.setText("Ana")
    view.add_button.click()
    [box] = [b for b in view.findChildren(QMessageBox) if b.isVisible()]
    assert "already a student called 'Ana'" in box.text()
    box.close()
    view.table.setCurrentIndex(view.model.index(1, 0))
    scan = tmp_path / "ben.png"
    scan.write_bytes(b"\x89PNG fake scan")
    view.attach_form(scan)
    assert view.model.index(1, 4).data() == "ben.png"
    view.remove_button.click()
    assert [s.name for s in roster.list_students(window.workspace)] == ["Ana"]


def test_dashboard_shows_every_submission_and_pathways(
    qtbot, window: MainWindow, workspace
) -> None:
    first = create_submission(workspace, CFU, "questioning", "Spring").submission.id
    create_submission(workspace, "data-literacy", None, "Autumn")
    evidence_service.set_text(workspace, first, "q-wait-time", "I wait.")
    window.refresh()
    window.tabs.setCurrentWidget(window.dashboard)
    cards = window.dashboard.findChildren(ProgressCard)
    assert len(cards) == 2
    spring = next(c for c in cards if c.progress.submission.title == "Spring")
    assert (spring.progress.slots_met, spring.progress.slots_total) == (1, 5)
    top = window.dashboard.pathways.topLevelItem(0)
    assert top.text(0) == "Formative Assessment Leader"
    assert {top.child(i).text(1).split(" (")[0] for i in range(top.childCount())} == {"In progress"}
    spring.opened.emit(first)
    assert window.tabs.currentIndex() == 0 and window.detail.submission.id == first


def test_history_restore_brings_back_an_older_version(
    qtbot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = create_submission(workspace, CFU, "questioning", "S").submission.id
    evidence_service.set_text(workspace, sid, "q-wait-time", "The first answer.")
    evidence_service.set_text(workspace, sid, "q-wait-time", "A second answer.")
    window.refresh()
    window.select_submission(sid)
    window.checklist.select_slot("q-wait-time")
    editor = window.slot_panel.editor

    def choose_oldest(dialog: HistoryDialog) -> int:
        assert dialog.versions.count() == 2
        dialog.versions.setCurrentRow(1)  # newest first: row 1 is the oldest
        dialog.restore_button.click()
        return HistoryDialog.DialogCode.Accepted

    monkeypatch.setattr(HistoryDialog, "exec", choose_oldest)
    editor.history_action.trigger()
    assert editor.text.toPlainText() == "The first answer."
    history = evidence_service.text_history(workspace, sid, "q-wait-time")
    assert len(history) == 3  # restoring adds a version; nothing is lost
    editor.undo_action.trigger()
    assert editor.text.toPlainText() == "A second answer."


def test_a_clip_moment_link_jumps_to_the_clip(
    qtbot, window: MainWindow, workspace: Workspace, sample_clip: Path
) -> None:
    sid = create_submission(workspace, CFU, "questioning", "S").submission.id
    [clip] = evidence_service.add_evidence_files(workspace, sid, "q-clip", [sample_clip])
    evidence_service.set_text(
        workspace, sid, "q-reflection", f"At {clip.title} @ 00:02 she says it."
    )
    window.refresh()
    window.select_submission(sid)
    window.checklist.select_slot("q-reflection")
    window.slot_panel.editor.momentActivated.emit(clip.id, 2.0)
    assert window.slot_panel.detail.evidence == clip
    assert "Showing the moment at 0:02" in window.slot_panel.detail.facts.text()


def test_moment_past_the_clip_end_is_a_problem_in_the_checklist(
    qtbot, window: MainWindow, workspace: Workspace, sample_clip: Path
) -> None:
    sid = create_submission(workspace, CFU, "questioning", "S").submission.id
    [clip] = evidence_service.add_evidence_files(workspace, sid, "q-clip", [sample_clip])
    window.refresh()
    window.select_submission(sid)
    window.checklist.select_slot("q-reflection")
    qtbot.keyClicks(window.slot_panel.editor.text, ("word " * 300) + f"{clip.title} @ 09:00")
    # Re-checked once typing pauses, before any save.
    qtbot.waitUntil(lambda: window.checklist.status_of("q-reflection") == "Problem", timeout=2000)


def test_recent_workspaces_and_switching(qtbot, window: MainWindow, tmp_path: Path) -> None:
    first = window.workspace.path
    other = tmp_path / "other"
    window.switch_workspace(other)
    assert window.workspace.path == other.resolve()
    assert recent_workspaces()[:2] == [other.resolve(), first]
    assert window.recent_menu.actions()[0].text() == str(other.resolve())
    assert str(other.resolve()) in window.windowTitle()
    (tmp_path / "not-a-folder").write_text("x")
    window.switch_workspace(tmp_path / "not-a-folder")
    assert window.workspace.path == other.resolve()  # refused with a message, nothing changed
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "not a folder" in box.text()


def test_window_layout_is_remembered(qtbot, workspace: Workspace) -> None:
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.resize(700, 520)  # fits the offscreen screen, which restoreGeometry clamps to
    win.show()
    win.tabs.setCurrentIndex(2)
    size = win.size()
    win.close()
    assert QSettings().value("main/geometry") is not None
    again = MainWindow(workspace)
    qtbot.addWidget(again)
    assert again.size() == size


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QTextEdit,
    )

    controls = [
        w
        for kind in (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QTextEdit)
        for w in window.findChildren(kind)
        # Qt's own parts (corner buttons, headers, a line edit's clear button) name themselves.
        if not w.objectName().startswith("qt_")
        and not isinstance(w, QHeaderView)
        and not isinstance(w.parent(), QLineEdit)
    ]
    unnamed = [
        f"{type(w).__name__} {w.parent().objectName()} {type(w.parent()).__name__}"
        for w in controls
        if not w.accessibleName() and not (hasattr(w, "text") and callable(w.text) and w.text())
    ]
    assert unnamed == []

"""The Class roster follows the workspace state: a student another process added shows
after File ▸ Refresh; her own edits are not read back under her."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.services import roster
from evidencekit.storage.workspace import Workspace
from tests.gui.clicks import click_tab


def test_refresh_shows_a_student_added_elsewhere(qtbot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    click_tab(window, 2)
    view = window.roster_view
    assert view.model.rowCount() == 0
    roster.add_student(workspace, "Ana")  # the command line, say
    window.refresh_action.trigger()
    assert [view.model.student(r).name for r in range(view.model.rowCount())] == ["Ana"]

    # Her own tick is saved and announced, and the row she is on stays where it was.
    view.table.setCurrentIndex(view.model.index(0, 1))
    before = view.model.student(0)
    assert view.model.setData(
        view.model.index(0, 1), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert view.table.currentIndex().row() == 0
    assert view.model.student(0).id == before.id
    assert roster.list_students(workspace)[0] != before  # the consent was written

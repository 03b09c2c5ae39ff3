"""The roster as a person uses it: buttons wait for a selection, a click anywhere in a
consent cell ticks it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from evidencekit.domain.consent import ConsentKind
from evidencekit.gui.views.roster_view import RosterView
from evidencekit.services import roster
from evidencekit.storage.workspace import Workspace

VIDEO = 1


def _click(view: RosterView, row: int, column: int, where: str) -> None:
    rect = view.table.visualRect(view.model.index(row, column))
    point = {
        "right": QPoint(rect.right() - 4, rect.center().y()),
        "box": QPoint(rect.left() + 10, rect.center().y()),
    }[where]
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_buttons_wait_for_a_student_and_the_whole_cell_ticks(qtbot, workspace: Workspace):
    view = RosterView(workspace)
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    for name in ("Ana", "Ben"):
        QTest.keyClicks(view.name, name)
        QTest.keyClick(view.name, Qt.Key.Key_Return)
    assert not view.remove_button.isEnabled()
    assert not view.open_form_button.isEnabled()
    assert not view.form_button.isEnabled()

    _click(view, 1, 0, "right")  # select Ben
    assert view.remove_button.isEnabled() and view.form_button.isEnabled()
    assert not view.open_form_button.isEnabled()  # no form attached yet

    _click(view, 0, VIDEO, "right")  # far from the little box
    assert roster.list_students(workspace)[0].has(ConsentKind.VIDEO)
    _click(view, 0, VIDEO, "box")  # on the box: one toggle, not two
    assert not roster.list_students(workspace)[0].has(ConsentKind.VIDEO)

    QTest.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert [s.name for s in roster.list_students(workspace)] == ["Ben"]
    assert not view.table.tabKeyNavigation()

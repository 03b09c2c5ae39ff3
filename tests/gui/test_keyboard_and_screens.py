"""Keyboard and small screens: Tab moves between panes, Alt+letters are unique on every
screen, every control has a name, and the window works at 1024×700 and at 200 %."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION
from tests.gui.clicks import click_requirement, click_tab
from tests.gui.keyboard import clashes, unnamed_controls

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, demo_workspace: Workspace) -> MainWindow:
    win = MainWindow(demo_workspace)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.select_submission(DEMO_SUBMISSION)
    return win


def _screens(window: MainWindow):
    """Each screen a teacher meets, reached by clicks: three kinds of requirement, the tabs."""
    detail = window.detail
    assert detail is not None
    for slot_id in ("q-reflection", "q-clip", "q-consent"):
        _, slot = detail.credential.find_slot(slot_id, detail.submission.unit_id)
        click_requirement(window, slot_id)
        yield f"work: {slot.title}"
    for index in range(1, window.tabs.count()):
        click_tab(window, index)
        yield f"tab {window.tabs.tabText(index)}"
    click_tab(window, 0)


def test_alt_letters_are_unique_on_every_screen(window: MainWindow) -> None:
    for screen in _screens(window):
        assert clashes(window) == {}, screen
    assert window.menuBar().actions()[3].text() == "&Review"  # Alt+V is View alone


def test_every_control_has_a_name_a_screen_reader_can_say(window: MainWindow) -> None:
    for screen in _screens(window):
        assert unnamed_controls(window) == [], screen


def test_tab_leaves_tables_and_reaches_the_editor_from_the_checklist(
    window: MainWindow,
) -> None:
    for table in window.findChildren(QTableView):
        assert not table.tabKeyNavigation(), table.accessibleName()
    window.submission_view.setFocus()
    QTest.keyClick(window.submission_view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not window.submission_view

    detail = window.detail
    _, essay = detail.credential.find_slot("q-reflection", detail.submission.unit_id)
    click_requirement(window, essay.id)  # focus is now in the checklist
    assert QApplication.focusWidget() is window.checklist
    assert window.slot_panel.currentWidget() is window.slot_panel.editor, window.slot_panel.slot
    editor_text = window.slot_panel.editor.text
    visited = []
    for _ in range(30):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is editor_text:
            break
    assert visited[-1] is editor_text, [
        (type(w).__name__, w.accessibleName(), w.isVisible()) for w in visited
    ]


def test_at_1024_by_700_titles_and_editor_buttons_are_whole(window: MainWindow) -> None:
    window.resize(1024, 700)
    window.select_submission(DEMO_SUBMISSION)
    detail = window.detail
    _, essay = detail.credential.find_slot("q-reflection", detail.submission.unit_id)
    click_requirement(window, essay.id)
    QApplication.processEvents()
    toolbar = window.slot_panel.editor.toolbar
    for button in toolbar.buttons():
        assert button.isVisible(), button.text()
        assert toolbar.rect().contains(button.geometry()), button.text()
    # The submission's title is shown whole in its row (wrapped, never "D…").
    view = window.submission_view
    index = window.submission_proxy.index(0, 1)
    rect = view.visualRect(index)
    needed = QFontMetrics(view.font()).boundingRect(
        QRect(0, 0, rect.width() - 8, 10_000), Qt.TextFlag.TextWordWrap, index.data()
    )
    assert needed.height() <= rect.height(), (index.data(), rect)


def test_at_200_percent_the_first_window_fits_the_screen(tmp_path: Path) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "windowFrameMargins": True,
                "screens": [{"name": "hd", "x": 0, "y": 0, "width": 1920, "height": 1080}],
            }
        )
    )
    env = dict(
        os.environ,
        QT_SCALE_FACTOR="2",
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]),
    )
    child = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("first_window.py")), str(tmp_path / "ws")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    report = json.loads(child.stdout.strip().splitlines()[-1])
    assert report["room"] == [0, 0, 960, 540]  # 1920×1080 at 200 %
    assert report["fits"], report
    assert report["hidden_buttons"] == []

"""The open window notices what another process (here the command line) saves in its
workspace and shows it, without losing words being typed."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidencekit.gui.main_window.window import OUTSIDE_CHANGE_POLL_MS, MainWindow
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION
from tests.gui.clicks import click_requirement


def _cli_answer(workspace: Workspace, text: str) -> None:
    """`evidencekit answer set` in a process of its own, as a teacher's script would run it."""
    done = subprocess.run(
        [sys.executable, "-m", "evidencekit", "--workspace", str(workspace.path), "answer",
         "set", "--submission", str(DEMO_SUBMISSION), "--slot", "q-wait-time", "--text", text],
        capture_output=True, text=True, timeout=120, env=os.environ.copy(), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def _window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.select_submission(DEMO_SUBMISSION)
    return window


def test_a_change_from_the_command_line_appears_in_the_open_window(
    qtbot, demo_workspace: Workspace
) -> None:
    window = _window(qtbot, demo_workspace)
    click_requirement(window, "q-wait-time")
    _cli_answer(demo_workspace, "I wait seven seconds, then call on two students.")
    # Nothing is pressed: the window's own timer finds the change and reloads.
    qtbot.waitUntil(lambda: "seven seconds" in window.slot_panel.editor.markdown(), timeout=10_000)


def test_words_being_typed_are_kept_when_another_process_saves(
    qtbot, demo_workspace: Workspace
) -> None:
    window = _window(qtbot, demo_workspace)
    click_requirement(window, "q-wait-time")
    editor = window.slot_panel.editor
    QTest.mouseClick(editor.text.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClick(editor.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor.text, " Typed in the window.")
    _cli_answer(demo_workspace, "Saved from the command line.")
    # The window's own timer ticks while her words wait for autosave, and after it: her
    # words are kept and, saved last, are the newest version the window shows.
    qtbot.wait(2 * OUTSIDE_CHANGE_POLL_MS + 500)
    assert not editor.dirty
    assert "Typed in the window." in " ".join(editor.markdown().split())

"""Types into the essay editor word by word until someone kills this process.

Run by test_kill_while_typing: after each word it prints a JSON line with the
time and how many words are in the editor, so the parent knows what was typed
when it sent SIGKILL. The parent sets QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.services.submissions import create_submission, list_submissions
from evidencekit.storage.workspace import open_workspace

SLOT = "q-reflection"


def main(folder: Path) -> None:
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("EvidenceKit-kill-test")
    QSettings().clear()
    workspace = open_workspace(folder)
    if not list_submissions(workspace):
        create_submission(workspace, "checking-for-understanding", "questioning", "Typing")
    window = MainWindow(workspace)
    window.show()
    window.select_submission(1)
    window.checklist.select_slot(SLOT)
    editor = window.slot_panel.editor
    editor.text.setFocus()
    words = 0
    while True:
        QTest.keyClicks(editor.text, f"w{words} ")
        words += 1
        print(json.dumps({"t": time.time(), "words": words}), flush=True)
        QTest.qWait(40)  # runs the event loop, so autosave timers fire as in real use


if __name__ == "__main__":
    main(Path(sys.argv[1]))

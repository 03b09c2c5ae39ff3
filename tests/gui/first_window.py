"""Opens the main window the way a first start does and prints how it sits on the screen.

Run by test_keyboard_and_screens in a child process, so that QT_SCALE_FACTOR and the
offscreen screen size apply from the start, as they do for a real launch.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.services.submissions import create_submission
from evidencekit.storage.workspace import open_workspace


def main(folder: Path) -> None:
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("EvidenceKit-first-window-test")
    QSettings().clear()
    workspace = open_workspace(folder)
    create_submission(workspace, "checking-for-understanding", "questioning", "Spring term")
    window = MainWindow(workspace)
    window.show()
    app.processEvents()
    window.select_submission(1)
    window.checklist.select_slot("q-reflection")
    app.processEvents()
    room = window.screen().availableGeometry()
    frame = window.frameGeometry()
    buttons = window.slot_panel.editor.toolbar.buttons()
    print(
        json.dumps(
            {
                "room": [room.x(), room.y(), room.width(), room.height()],
                "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                "fits": room.contains(frame),
                "hidden_buttons": [b.text() for b in buttons if not b.isVisible()],
            }
        )
    )
    window.close()
    workspace.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))

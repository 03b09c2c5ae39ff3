"""Launches the app as `evidencekit` does (gui.app.main) and reports its look.

Run by test_theme in child processes sharing one settings folder: the first launch
chooses a theme through View ▸ Theme, the next shows whether it was remembered.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from evidencekit.gui.app import main as launch
from evidencekit.gui.main_window.window import MainWindow
from tests.gui.menus import menu_action


def report_and_close(choose: str | None) -> None:
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if choose:
        menu_action(window, "View", "Theme", choose).trigger()
        QApplication.processEvents()
    role = QPalette.ColorRole
    print(
        json.dumps(
            {
                "window": window.palette().color(role.Window).name(),
                "text": window.palette().color(role.WindowText).name(),
                "base": window.checklist.palette().color(role.Base).name(),
                "checked": [
                    a.text().replace("&", "")
                    for a in menu_action(window, "View", "Theme").menu().actions()
                    if a.isChecked()
                ],
            }
        )
    )
    window.close()


if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    choose = sys.argv[2] if len(sys.argv) > 2 else None
    QTimer.singleShot(0, lambda: report_and_close(choose))
    sys.exit(launch(["--workspace", sys.argv[1]]))

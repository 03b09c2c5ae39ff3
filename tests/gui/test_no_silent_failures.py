"""A bug in a slot is never silent: the app shows where the log is, and a test fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox

from evidencekit.gui.dialogs.crash_dialog import install_crash_handler
from tests.conftest import REPO

_SLOT_RAISES = """
from PySide6.QtGui import QAction

def test_a_slot_raises(qapp):
    action = QAction("Export")
    action.triggered.connect(lambda: 1 / 0)
    action.trigger()
"""


def test_an_exception_in_a_slot_shows_the_crash_dialog(qtbot) -> None:
    action = QAction("Export")
    action.triggered.connect(lambda: {}["missing"])
    with qtbot.capture_exceptions() as caught:
        previous = install_crash_handler()
        try:
            action.trigger()
        finally:
            sys.excepthook = previous
    assert caught and caught[0][0] is KeyError  # the hook before it still ran
    [box] = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    log = Path(box.informativeText().removeprefix("Details for a bug report are in "))
    assert log.is_file() and "KeyError: 'missing'" in log.read_text("utf-8")
    box.close()


def test_a_test_whose_slot_raises_fails(tmp_path: Path) -> None:
    """pytest-qt's capture is on for this project's settings: such a test cannot pass."""
    (tmp_path / "test_slot.py").write_text(_SLOT_RAISES, "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-c", str(REPO / "pyproject.toml"), "--rootdir", str(tmp_path), str(tmp_path)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout
    assert "ZeroDivisionError" in result.stdout and "1 failed" in result.stdout

"""The Qt binding must survive a long session: PySide6 6.12.0 aborted CPython 3.11
after a few thousand calls of any method returning nothing (a reference to None was
dropped on each), i.e. within a minute of video playback."""

from __future__ import annotations

import os
import subprocess
import sys

LOOP = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for n in range(50_000):
    label.update()
    label.setText(str(n))
print("survived")
"""


def test_void_calls_do_not_use_up_none() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOOP],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "survived"

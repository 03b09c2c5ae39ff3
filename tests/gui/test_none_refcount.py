"""Many PySide6 calls in one process must not use up None (PySide6 6.12 on CPython 3.11)."""

from __future__ import annotations

import subprocess
import sys

CALLS = """
import evidencekit.gui
from PySide6.QtCore import QObject
thing = QObject()
for _ in range(50_000):
    thing.setObjectName("x")  # returns None, which this PySide6 does not count
print("done")
"""


def test_a_long_session_does_not_abort() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CALLS], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "done"

"""The app loads its Qt-free core before Qt (see gui/app.py); the list must stay complete."""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
from evidencekit.gui.app import load_core_before_qt
load_core_before_qt()
before = set(sys.modules)
import PySide6.QtWidgets
import evidencekit.gui.main_window
late = sorted(
    m for m in set(sys.modules) - before
    if m.startswith(("sqlalchemy", "av", "jsonschema"))
    or (m.startswith("evidencekit.") and not m.startswith("evidencekit.gui"))
)
print(" ".join(late))
print(" ".join(m for m in ("cv2", "numpy", "reportlab", "PIL") if m in sys.modules))
"""


def test_the_main_window_core_is_loaded_before_qt() -> None:
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    late, heavy = result.stdout.split("\n")[:2]
    assert late.split() == [], "imported after Qt; add them to _CORE_BEFORE_QT"
    # Face finding, badges and certificates load when first used, not at every start.
    assert heavy.split() == []

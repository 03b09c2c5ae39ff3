"""The app loads its Qt-free core before Qt (see gui/app.py); the list must stay complete.

And the start, up to the main window painted on the demo workspace, loads none of the
heavy libraries: they load when first used (a clip probed, a bundle sealed, a key opened).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_demo

_PROBE = """
import sys
from pathlib import Path
from evidencekit.gui.app import load_core_before_qt
load_core_before_qt()
before = set(sys.modules)
from PySide6.QtWidgets import QApplication
from evidencekit.gui.main_window import MainWindow
from evidencekit.storage.workspace import open_workspace
late = sorted(
    m for m in set(sys.modules) - before
    if m.startswith(("sqlalchemy", "av", "jsonschema"))
    or (m.startswith("evidencekit.") and not m.startswith("evidencekit.gui"))
)
print(" ".join(late))
app = QApplication(sys.argv[:1])
app.setOrganizationName("EvidenceKit-test")
window = MainWindow(open_workspace(Path(sys.argv[1])))
window.show()
window.repaint()
app.processEvents()
heavy = {m.partition(".")[0] for m in sys.modules} & set(sys.argv[2:])
print(" ".join(sorted(heavy)))
window.workspace.close()
"""

# What the first paint needs none of; each costs a start that does not use it.
_LOADED_WHEN_USED = (
    "av",
    "numpy",
    "cv2",
    "cryptography",
    "keyring",
    "jsonschema",
    "reportlab",
    "PIL",
    "pyrage",
)


def test_the_start_loads_the_core_before_qt_and_no_heavy_library(
    demo_template: Path, tmp_path: Path
) -> None:
    folder = copy_demo(demo_template, tmp_path / "ws")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(folder), *_LOADED_WHEN_USED],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    late, heavy = result.stdout.split("\n")[:2]
    assert late.split() == [], "imported after Qt; add them to _CORE_BEFORE_QT"
    assert heavy.split() == [], "loaded at start; import them where they are used"


_NEEDED = """
import sys
import PySide6.QtWidgets
import evidencekit.gui.main_window
from evidencekit.gui.app import _CORE_BEFORE_QT
print(" ".join(name for name in _CORE_BEFORE_QT if name not in sys.modules))
"""


def test_the_core_loaded_before_qt_is_only_what_the_window_imports() -> None:
    # An entry the window no longer needs would be loaded at every start for nothing.
    result = subprocess.run([sys.executable, "-c", _NEEDED], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []

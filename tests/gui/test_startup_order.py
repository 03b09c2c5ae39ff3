"""The app loads its Qt-free core before Qt (see gui/app.py); the list must stay complete.

And the start, up to the main window painted on the demo workspace, loads none of the
heavy libraries: they load when first used (a clip probed, a bundle sealed, a key opened).
SQLAlchemy and the services that write load just after the first paint.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_demo

_PROBE = """
import sys
import time
import types
from pathlib import Path
from evidencekit.gui.app import load_core_before_qt
load_core_before_qt()
before = set(sys.modules)
from PySide6.QtWidgets import QApplication
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.storage.workspace import open_workspace
late = sorted(
    m for m in set(sys.modules) - before
    if type(sys.modules[m]) is types.ModuleType  # not a module deferred until after the paint
    and (
        m.startswith(("sqlalchemy", "av", "jsonschema"))
        or (m.startswith("evidencekit.") and not m.startswith("evidencekit.gui"))
    )
)
print(" ".join(late))
app = QApplication(sys.argv[:1])
app.setOrganizationName("EvidenceKit-test")
window = MainWindow(open_workspace(Path(sys.argv[1])))
at_paint = []
window.firstPainted.connect(
    lambda: at_paint.append(
        {m.partition(".")[0] for m in sys.modules} & set(sys.argv[2:])
        | {m for m in sys.modules if m.startswith("evidencekit.")} & set(sys.argv[2:])
    )
)
window.show()
give_up = time.monotonic() + 120  # never hang the suite
while "sqlalchemy.orm" not in sys.modules and time.monotonic() < give_up:
    app.processEvents()  # painted, then the deferred services load
print(" ".join(sorted(at_paint[0])))
print(window.submission_model.rowCount(), "sqlalchemy.orm" in sys.modules)
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
    "sqlalchemy",
    "alembic",
    # Parts of the window built when first used (a tab shown, a requirement opened, a
    # bundle sealed).
    "evidencekit.gui.bundle_actions",
    "evidencekit.gui.views.roster_view",
    "evidencekit.gui.views.wallet_view",
    "evidencekit.gui.views.people_view",
    "evidencekit.gui.views.reviews_view",
    "evidencekit.gui.views.dashboard",
    "evidencekit.gui.work.essay_editor",
    "evidencekit.gui.work.file_slot",
    "evidencekit.gui.work.requirement_card",
    "evidencekit.gui.dialogs.text_dialogs",
    "evidencekit.gui.work.protect_students",
    "evidencekit.gui.video.recovery",
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
    late, heavy, after_paint = result.stdout.split("\n")[:3]
    assert late.split() == [], "imported after Qt; add them to _CORE_BEFORE_QT"
    assert heavy.split() == [], "loaded at start; import them where they are used"
    assert after_paint == "1 True", "the demo's submission shown, then the rest loaded"


_NEEDED = """
import sys
import types
import PySide6.QtWidgets
import evidencekit.gui.main_window.window
from evidencekit.gui.app import _CORE_BEFORE_QT
loaded = {name for name, module in sys.modules.items() if type(module) is types.ModuleType}
print(" ".join(name for name in _CORE_BEFORE_QT if name not in loaded))
"""


def test_the_core_loaded_before_qt_is_only_what_the_window_imports() -> None:
    # An entry the window no longer needs would be loaded at every start for nothing.
    result = subprocess.run([sys.executable, "-c", _NEEDED], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []

"""Screenshots the tests take of the teacher's screens.

Every run grabs them (a blank grab fails the test); they are written to
docs/screenshots/ only when EVIDENCEKIT_SCREENSHOTS=1, so an ordinary test run
leaves the repository as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QWidget

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def keep_screenshot(widget: QWidget, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    picture = widget.grab()
    assert not picture.isNull() and picture.width() > 0, name
    if os.environ.get("EVIDENCEKIT_SCREENSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        assert picture.save(str(path)), path
    return path

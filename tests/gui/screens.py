"""Screenshots the tests take of the teacher's screens, kept in docs/screenshots/."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def keep_screenshot(widget: QWidget, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(path)), path
    return path

"""Answering a real modal dialog the way a person would, from inside its own event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def answer_next_dialog(answer: Callable[[QDialog], None], tries: int = 200) -> list[QDialog]:
    """Call ``answer`` on the next modal dialog once it is shown; returns it in a list."""
    seen: list[QDialog] = []

    def look(left: int) -> None:
        dialog: QWidget | None = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            seen.append(dialog)
            answer(dialog)
        elif left:
            QTimer.singleShot(10, lambda: look(left - 1))

    QTimer.singleShot(0, lambda: look(tries))
    return seen

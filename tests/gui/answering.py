"""Answering a real modal dialog the way a person would, from inside its own event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


class Answer:
    """The dialog that was answered, and what went wrong in the answer (checked afterwards:
    an exception raised inside Qt's event loop would abort the test run)."""

    def __init__(self) -> None:
        self.dialogs: list[QDialog] = []
        self.error: BaseException | None = None

    def __bool__(self) -> bool:
        return bool(self.dialogs)

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def answer_next_dialog(answer: Callable[[QDialog], None], tries: int = 200) -> Answer:
    """Call ``answer`` on the next modal dialog once it is shown."""
    result = Answer()

    def look(left: int) -> None:
        dialog: QWidget | None = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            result.dialogs.append(dialog)
            try:
                answer(dialog)
            except BaseException as exc:  # re-raised by check() in the test
                result.error = exc
                dialog.reject()
        elif left:
            QTimer.singleShot(10, lambda: look(left - 1))

    QTimer.singleShot(0, lambda: look(tries))
    return result

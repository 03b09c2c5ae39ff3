"""Answering the dialogs a window opens while a test drives it.

``DialogCanceller`` looks at the open windows every few milliseconds and cancels any
dialog (message boxes and file dialogs too), as a person pressing Escape would, so a
test can press every action without blocking in a modal loop. It keeps what it saw:
the titles, and the text of message boxes, so a test can notice a swallowed bug
("Something went wrong") that was shown instead of raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox


@dataclass
class SeenDialog:
    kind: str
    title: str
    text: str = ""


@dataclass
class DialogCanceller:
    seen: list[SeenDialog] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self.sweep)
        self._timer.start()

    def sweep(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                text = widget.text() if isinstance(widget, QMessageBox) else ""
                self.seen.append(SeenDialog(type(widget).__name__, widget.windowTitle(), text))
                widget.reject()

    def stop(self) -> None:
        self._timer.stop()
        self._timer.deleteLater()

    def bugs_shown(self) -> list[SeenDialog]:
        """Message boxes that said an unexpected error happened (not a domain error)."""
        return [d for d in self.seen if d.text.startswith("Something went wrong")]

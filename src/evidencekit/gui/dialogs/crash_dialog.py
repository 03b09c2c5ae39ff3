"""An uncaught exception in the app: logged, then said in a dialog with the log's path.

Python calls ``sys.excepthook`` for an exception no slot caught (PySide6 routes
slot exceptions there too); without this the app would carry on silently after a
failed click. The previous hook still runs, so the traceback also reaches stderr
(and pytest-qt's capture, which fails the test).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from evidencekit.services.crash_log import write_crash_log

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
_shown: list[QMessageBox] = []  # the open reports, kept alive until closed


def show_crash(kind: type[BaseException], error: BaseException, trace: TracebackType | None):
    """Log the bug and tell the user where the details are; returns the (non-blocking) box."""
    try:
        log = str(write_crash_log(kind, error, trace))
    except OSError as cannot:  # a full disk must not hide the first problem
        log = QApplication.translate("Crash", "(the log could not be written: {why})").format(
            why=cannot
        )
    box = QMessageBox(QMessageBox.Icon.Critical, QApplication.translate("Crash", "EvidenceKit"), "")
    box.setText(
        QApplication.translate(
            "Crash",
            "Something went wrong inside EvidenceKit, and what you just did may not have "
            "finished. Your saved work is safe.",
        )
    )
    box.setInformativeText(
        QApplication.translate("Crash", "Details for a bug report are in {log}").format(log=log)
    )
    box.setDetailedText(f"{kind.__name__}: {error}")
    box.setAccessibleName(QApplication.translate("Crash", "Crash report"))
    box.open()  # not exec(): the hook may run inside any slot, even a nested event loop
    return box


def install_crash_handler() -> Hook:
    """Route uncaught exceptions to ``show_crash``; returns the hook it replaced."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None):
        previous(kind, error, trace)
        if issubclass(kind, KeyboardInterrupt):
            return
        _shown[:] = [b for b in _shown if b.isVisible()]
        _shown.append(show_crash(kind, error, trace))

    sys.excepthook = hook
    return previous

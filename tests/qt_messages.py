"""A Python Qt message handler kept for the whole test session, beneath pytest-qt's.

pytest-qt installs its capturing handler for each test phase and then restores the one
it found. With none found it restores ``None``, and PySide6's ``qInstallMessageHandler``
then clears the Python callable its C++ trampoline calls. A Qt worker thread already in
that trampoline, waiting for the GIL with a warning (Qt Multimedia's FFmpeg audio thread
says "No audio device detected" whenever a track starts on a machine without sound),
then calls a null object and the process dies of a segmentation fault. With this
handler beneath, pytest-qt always restores a callable between phases.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler


def _to_stderr(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    # What Qt's own handler does with a message: one line on standard error.
    sys.stderr.write(f"{message}\n")


class SessionMessageHandler:
    """A pytest plugin: the handler goes in before the first test and out after the last."""

    def pytest_configure(self) -> None:
        qInstallMessageHandler(_to_stderr)

    def pytest_unconfigure(self) -> None:
        # Back to Qt's own handler before Python shuts down: a worker thread's message
        # must not need the GIL of an interpreter that is finalizing. The players are
        # stopped by now, so nothing is logging during this one swap.
        qInstallMessageHandler(None)

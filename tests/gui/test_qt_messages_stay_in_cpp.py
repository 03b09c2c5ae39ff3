"""Qt's messages are written by Qt's own C++ handler in tests, as in the app.

A Python handler (pytest-qt's log capture, unless ``--no-qt-log``) runs on whichever
thread logs, so it needs the GIL. Qt Multimedia's FFmpeg audio thread logs "No audio
device detected" when a track starts on a machine without sound, and that broke the
review player tests two ways:

* a hang: the GUI thread holds the GIL inside ``QMediaPlayer.stop()``, which waits for
  the audio thread, which waits for the GIL to log;
* a segmentation fault: pytest-qt restores "no handler" after each test phase and
  PySide6 then clears the callable its C++ trampoline calls, while the audio thread is
  already inside that trampoline waiting for the GIL.
"""

from __future__ import annotations

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler


def _probe(_kind: QtMsgType, _context: QMessageLogContext, _message: str) -> None:
    pass


def test_no_python_message_handler_is_installed_while_a_test_runs() -> None:
    found = qInstallMessageHandler(_probe)
    qInstallMessageHandler(found)  # ``None`` puts Qt's own handler back
    assert found is None, "run pytest with --no-qt-log (pyproject addopts)"

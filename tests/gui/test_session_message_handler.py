"""Beneath pytest-qt's per-phase capture lies a Python Qt message handler (tests/qt_messages.py).

When pytest-qt stops capturing it restores what lay beneath; were that nothing, PySide6
would clear its handler while a Qt thread may be inside it, and the run would crash."""

from __future__ import annotations

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler


def _probe(_kind: QtMsgType, _context: QMessageLogContext, _message: str) -> None:
    pass


def test_pytest_qt_restores_a_python_handler_between_phases(qtlog) -> None:
    with qtlog.disabled():  # pytest-qt puts back what it found, as between two phases
        beneath = qInstallMessageHandler(_probe)
        qInstallMessageHandler(beneath)
    assert callable(beneath)

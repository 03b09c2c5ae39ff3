from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox, QWidget

from evidencekit.domain.errors import Cancelled, EvidenceKitError
from evidencekit.domain.tasks import Reporter
from evidencekit.gui.runner import Operation


def test_result_arrives_on_the_gui_thread(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    results: list[tuple[object, bool]] = []

    def work(reporter: Reporter):
        reporter.report(1, 2, "half")
        return threading.current_thread() is threading.main_thread()

    op = Operation(parent, "Working", work, lambda r: results.append((r, on_main())))
    with qtbot.waitSignal(op.done, timeout=5000):
        pass
    assert results == [(False, True)]  # worked off the GUI thread, delivered on it
    assert not op.running


def on_main() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_cancel_stops_the_work(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    errors: list[BaseException] = []

    def work(reporter: Reporter):
        started.set()
        while True:
            reporter.check()
            threading.Event().wait(0.01)

    op = Operation(parent, "Endless", work, lambda r: None, errors.append)
    assert started.wait(5)
    with qtbot.waitSignal(op.done, timeout=5000):
        op.cancel()
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)


def test_errors_become_a_message_not_a_crash(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(_reporter: Reporter):
        raise EvidenceKitError("That file does not exist.")

    op = Operation(parent, "Failing", work, lambda r: None)
    with qtbot.waitSignal(op.done, timeout=5000):
        pass
    boxes = [w for w in parent.findChildren(QMessageBox)]
    assert [b.text() for b in boxes] == ["That file does not exist."]


def test_closing_the_window_mid_work_stops_it_quietly(qtbot) -> None:
    """The window that started the work is gone before it ends: no error, work cancelled."""
    parent = QWidget()
    started, release, stopped = threading.Event(), threading.Event(), threading.Event()

    def work(reporter: Reporter):
        started.set()
        release.wait(5)
        reporter.report(1, 2, "still going")
        if reporter.cancel.cancelled:
            stopped.set()
        return "nobody wants this"

    Operation(parent, "Working", work, lambda r: pytest.fail("delivered to a closed window"))
    assert started.wait(5)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent), timeout=5000)
    release.set()
    assert stopped.wait(5)
    qtbot.wait(50)  # any error in the worker would surface in the Qt event loop here


def test_a_full_disk_during_work_is_said_in_words_not_as_a_bug(qtbot, tmp_path) -> None:
    import errno

    parent = QWidget()
    qtbot.addWidget(parent)

    def work(_reporter: Reporter):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "copy.mp4"))

    op = Operation(parent, "Copying", work, lambda r: None)
    with qtbot.waitSignal(op.done, timeout=5000):
        pass
    [box] = parent.findChildren(QMessageBox)
    assert "disk is full" in box.text().lower() and "Something went wrong" not in box.text()

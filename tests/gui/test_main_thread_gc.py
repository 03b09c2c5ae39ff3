"""Garbage is collected on the GUI thread, never by a worker that happens to allocate."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.gui.main_thread_gc import MainThreadCollector


class _Cycle:
    def __init__(self, widget: QWidget | None = None) -> None:
        self.me = self
        self.widget = widget


def _make_garbage() -> None:
    for _ in range(5_000):
        _Cycle()  # each one is garbage only a collection can free


def test_automatic_collection_is_off_and_the_gui_thread_collects(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    # Widgets earlier tests left to deleteLater are freed now, not while waiting below:
    # each free lowers the young generation's count and could keep a collection from
    # coming due.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        MainThreadCollector(parent)
        assert not gc.isenabled()
        cycle = _Cycle(QWidget())
        gone = weakref.ref(cycle)
        del cycle
        # A worker making plenty of garbage does not free the cycle (and its widget)...
        worker = threading.Thread(target=_make_garbage)
        worker.start()
        worker.join()
        assert gone() is not None
        # ...the GUI thread's timer does, once a collection is due.
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)
    finally:
        (gc.enable if was_enabled else gc.disable)()

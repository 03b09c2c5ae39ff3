"""Python's garbage collector, run on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate when a
threshold is crossed: a worker of the runner (hashing, packing, querying) can then free
a cycle that holds Qt widgets, deleting them off the GUI thread while the GUI thread
uses them, which crashes the process. So automatic collection is switched off and the
same thresholds are checked on a timer of the GUI thread instead (as Anki does)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks whether a collection is due.
CHECK_EVERY_MS = 1000


def collect_if_due() -> int:
    """Collect the oldest generation whose count passed its threshold (as automatic
    collection would have); the number of objects freed."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            return gc.collect(generation)
    return 0


class MainThreadCollector(QObject):
    """While it lives, garbage is collected on the thread that created it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(lambda: collect_if_due())
        self._timer.start()

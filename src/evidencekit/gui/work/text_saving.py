"""An autosave's database write on the thread pool, so a long essay's save does not hold
up the keys she types meanwhile. The GUI thread can wait for it (an explicit save, a
switch of text, closing) so writes never overtake each other."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Signal

from evidencekit.domain.submissions import Evidence


class WriteSignals(QObject):
    finished = Signal(object)  # the BackgroundWrite


class BackgroundWrite(QRunnable):
    """Writes ``markdown`` with ``saver``; ``revision`` is the editor's at the snapshot."""

    def __init__(
        self,
        saver: Callable[[str, bool], Evidence],
        markdown: str,
        revision: int,
        signals: WriteSignals,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the editor holds it until it has read the outcome
        self.saver, self.markdown, self.revision = saver, markdown, revision
        self.result: Evidence | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        self._signals = signals

    def run(self) -> None:
        try:
            self.result = self.saver(self.markdown, False)
        except BaseException as exc:  # handed to the GUI thread, never lost
            self.error = exc
        self.done.set()
        with contextlib.suppress(RuntimeError):  # the editor is gone; nobody waits
            self._signals.finished.emit(self)

"""Runs long, Qt-free work on the thread pool with a progress dialog and Cancel.

The work is a function ``fn(reporter)``: one ``Reporter`` whose progress reaches the
dialog and whose token the Cancel button sets. Results and errors come back
on the GUI thread through queued signals, so no widget is touched elsewhere.
Every operation is owned by one registry (``operations()``) from start to end:
callers need not keep a reference, closing the window cancels them all, and
tests wait for its ``idle`` signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from evidencekit.domain.errors import Cancelled
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter
from evidencekit.gui.deferred_imports import load_deferred

Work = Callable[[Reporter], Any]


class _Signals(QObject):
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Work, token: CancelToken, signals: _Signals) -> None:
        super().__init__()
        self._work, self._token, self._signals = work, token, signals
        self._reporter = Reporter(self._report, token)

    def run(self) -> None:
        try:
            result = self._work(self._reporter)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._deliver("failed", exc)
        else:
            self._deliver("finished", result)

    def _report(self, event: ProgressEvent) -> None:
        self._deliver("progress", event)

    def _deliver(self, signal: str, value: object) -> None:
        try:
            getattr(self._signals, signal).emit(value)
        except RuntimeError:
            # The window that asked for this work was closed meanwhile and took the
            # signals with it: nobody is waiting, so stop the work at its next check.
            self._token.cancel()


class OperationRegistry(QObject):
    """The operations in flight; ``idle`` fires when the last one ends."""

    started = Signal(object)  # the Operation
    idle = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._running: list[Operation] = []

    def running(self, owner: QObject | None = None) -> list[Operation]:
        """Every operation in flight, or those ``owner`` started (its parent)."""
        return [op for op in self._running if owner is None or op.parent() is owner]

    def is_idle(self, owner: QObject | None = None) -> bool:
        return not self.running(owner)

    def cancel_all(self, owner: QObject | None = None) -> None:
        """Cancel every operation (closing the app), or those of ``owner`` (closing a dialog)."""
        for operation in self.running(owner):
            operation.cancel()

    def finish_all(self, timeout_ms: int = 60_000) -> None:
        """Cancel everything and wait until the workers have left their work, so that the
        workspace they use can be closed under none of them."""
        self.cancel_all()
        QThreadPool.globalInstance().waitForDone(timeout_ms)

    def _add(self, operation: Operation) -> None:
        self._running.append(operation)
        self.started.emit(operation)

    def _remove(self, operation: Operation) -> None:
        if operation in self._running:
            self._running.remove(operation)
            if not self._running:
                self.idle.emit()


_registry: OperationRegistry | None = None


def operations() -> OperationRegistry:
    """The application's one registry of running operations."""
    global _registry
    if _registry is None:
        _registry = OperationRegistry()
    return _registry


class Operation(QObject):
    """One piece of long work in flight, held by ``operations()`` until ``done`` fires."""

    done = Signal()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Work,
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        self._on_result = on_result
        self._on_error = on_error or (lambda exc: show_error(parent, exc))
        self._dialog = QProgressDialog(title, self.tr("Cancel"), 0, 1000, parent)
        self._dialog.setWindowTitle(title)
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(400)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._dialog.setAccessibleName(title)
        self._dialog.canceled.connect(self.cancel)
        self._signals = _Signals(self)
        self._signals.progress.connect(self._show_progress)
        self._signals.finished.connect(self._finish)
        self._signals.failed.connect(self._fail)
        self._running = True
        operations()._add(self)
        # A parent closed mid-way takes this object with it: the registry lets go too.
        self.destroyed.connect(lambda: operations()._remove(self))
        load_deferred()  # a worker must not be the first to run a deferred module's code
        QThreadPool.globalInstance().start(_Job(work, self.token, self._signals))

    @property
    def running(self) -> bool:
        return self._running

    def cancel(self) -> None:
        self.token.cancel()
        self._dialog.setLabelText(self.tr("Stopping…"))

    def _show_progress(self, event: ProgressEvent) -> None:
        if event.message:
            self._dialog.setLabelText(event.message)
        fraction = event.fraction
        if fraction is None:
            self._dialog.setMaximum(0)  # a busy indicator when the total is unknown
        else:
            self._dialog.setMaximum(1000)
            self._dialog.setValue(int(fraction * 1000))

    def _close(self) -> None:
        self._running = False
        self._dialog.hide()
        self._dialog.deleteLater()
        self.done.emit()

    # The registry lets go only once the result is delivered: whoever waits for ``idle``
    # sees what the result changed, and work the result starts keeps it busy.
    def _finish(self, result: Any) -> None:
        self._close()
        try:
            self._on_result(result)
        finally:
            operations()._remove(self)

    def _fail(self, exc: BaseException) -> None:
        self._close()
        try:
            self._on_error(exc)
        finally:
            operations()._remove(self)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Words for the user; a traceback only for real bugs, and then in 'details'."""
    if isinstance(exc, Cancelled):
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(box.tr("EvidenceKit"))
    from evidencekit.storage.faults import explain  # a full disk, no permission, a lost server

    fault = explain(exc, box.tr("the workspace"))
    if fault is not None:
        box.setText(fault.message)
    else:
        box.setText(box.tr("Something went wrong. Your saved work is safe."))
        box.setDetailedText(f"{type(exc).__name__}: {exc}")
    box.setAccessibleName(box.tr("Error message"))
    box.open()

"""Progress reporting and cancellation for long work.

Long operations (hashing, packing, encoding) are plain functions that accept one
``Reporter``: a ``Progress`` callback and a ``CancelToken`` together. They never
touch a GUI: the GUI's runner and the CLI's progress line each build one Reporter
and hand it down, so both drive the work the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from evidencekit.domain.errors import Cancelled


@dataclass(frozen=True)
class ProgressEvent:
    """How far a piece of long work has come.

    ``total`` is None while the amount of work is unknown (an indeterminate bar).
    """

    done: float
    total: float | None
    message: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


Progress = Callable[[ProgressEvent], None]


def no_progress(_event: ProgressEvent) -> None:
    """A progress sink for callers that do not show progress."""


class CancelToken:
    """Set by the caller (Cancel button, Ctrl+C); polled by the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@dataclass(frozen=True)
class Reporter:
    """Where long work says how far it got, and asks whether to stop: one parameter, not two."""

    progress: Progress
    cancel: CancelToken

    @classmethod
    def silent(cls) -> Reporter:
        """For callers that neither show progress nor cancel (a fresh token each time)."""
        return cls(no_progress, CancelToken())

    @classmethod
    def to(cls, progress: Progress) -> Reporter:
        """For callers that show progress but never cancel (a fresh token each time)."""
        return cls(progress, CancelToken())

    def via(self, progress: Progress) -> Reporter:
        """The same cancel token, with events sent to ``progress`` (to rescale or reword them)."""
        return Reporter(progress, self.cancel)

    def report(self, done: float, total: float | None, message: str = "") -> None:
        self.progress(ProgressEvent(done, total, message))

    def check(self) -> None:
        """Raise ``Cancelled`` if the caller asked to stop."""
        self.cancel.raise_if_cancelled()

    def step(self, done: float, total: float | None, message: str = "") -> None:
        """Stop here if asked to, else report: the usual pair at the end of a unit of work."""
        self.check()
        self.report(done, total, message)

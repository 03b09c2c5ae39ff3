"""Printing for the CLI: JSON for programs, plain sentences for people."""

from __future__ import annotations

import json
import sys
from typing import Any

from evidencekit.domain.tasks import ProgressEvent


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def say(text: str = "") -> None:
    print(text)


def warn(text: str) -> None:
    print(text, file=sys.stderr)


class TerminalProgress:
    """A one-line progress display on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self._active = sys.stderr.isatty()
        self._last = ""

    def __call__(self, event: ProgressEvent) -> None:
        if not self._active:
            return
        fraction = event.fraction
        percent = f" {fraction * 100:3.0f}%" if fraction is not None else ""
        line = f"{event.message[:60]}{percent}"
        if line != self._last:
            sys.stderr.write("\r\033[K" + line)
            sys.stderr.flush()
            self._last = line

    def finish(self) -> None:
        if self._active and self._last:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

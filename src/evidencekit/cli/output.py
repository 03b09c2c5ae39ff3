"""Printing for the CLI: JSON for programs, plain sentences for people."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from typing import Any

from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter

# What a terminal could act on: C0 controls (but line breaks and tabs, which our own
# messages use), DEL and C1 controls (ESC sequences: titles, clearing, links).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Inside quoted text from elsewhere, line breaks and isolate marks are escaped as well,
# so a value can neither start a fake line of ours nor close the isolate around it.
_CONTROL_IN_VALUE = re.compile("[\x00-\x1f\x7f-\x9f\u2066-\u2069]")
# Escaped in JSON too: it is valid JSON, and C1 and bidi controls then stay inert.
_JSON_HIDDEN = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FSI, PDI = "\u2068", "\u2069"
_RIGHT_TO_LEFT = {"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF"}


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def shown(text: object) -> str:
    """A value that came from a bundle, a catalog or a title, ready to print: control
    characters escaped, and, when it holds right-to-left text or bidi controls, isolated
    (U+2068 ... U+2069) so that it cannot reorder the app's own words around it."""
    value = _CONTROL_IN_VALUE.sub(_escape, str(text))
    if any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in value):
        return FSI + value + PDI
    return value


def emit_json(data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(_JSON_HIDDEN.sub(_escape, text) + "\n")


def say(text: str = "") -> None:
    print(_CONTROL.sub(_escape, text))


def warn(text: str) -> None:
    print(_CONTROL.sub(_escape, text), file=sys.stderr)


class TerminalProgress:
    """A one-line progress display on stderr, only when stderr is a terminal.

    ``reporter`` is what a command hands to long work. Its token is never set: Ctrl+C
    stops the CLI with KeyboardInterrupt, which main() turns into its sentence.
    """

    def __init__(self) -> None:
        self._active = sys.stderr.isatty()
        self._last = ""
        self.reporter = Reporter(self, CancelToken())

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

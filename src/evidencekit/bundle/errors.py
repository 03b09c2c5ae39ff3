"""Why a bundle was refused: which entry, and the reason in one sentence."""

from __future__ import annotations

import re

from evidencekit.domain.errors import EvidenceKitError

# Control characters and the bidirectional overrides that can make a name read as
# something else on screen ("Trojan Source"); shown escaped, never raw.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print to a terminal or a label: hidden characters become escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class BundleRejected(EvidenceKitError):
    """A bundle (or unzipped bag) that must not be trusted; nothing was written outside
    a private temporary folder, which is already removed.

    ``entry`` is the archive entry at fault ("" for the archive as a whole), already
    escaped for display; ``reason`` is a lower-case clause ending in a full stop;
    ``code`` is a stable word for programs and tests (e.g. "path", "bomb", "overlap").
    """

    exit_code = 1

    def __init__(self, entry: str, reason: str, code: str = "rejected") -> None:
        self.entry = printable(entry)
        self.reason = reason
        self.code = code
        if self.entry:
            message = f"The bundle was refused because of '{self.entry}': {reason}"
        else:
            message = f"The bundle was refused: {reason}"
        super().__init__(message)

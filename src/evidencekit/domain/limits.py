"""How long a title, file name or path may be, checked before anything is stored.

The database columns have these lengths; PostgreSQL enforces them and SQLite
does not, so checking here makes both behave the same, with a sentence instead
of a database error.
"""

from __future__ import annotations

import unicodedata

from evidencekit.domain.errors import EvidenceKitError, TooLong

TITLE_MAX = 200
FILE_NAME_MAX = 255
BUNDLE_PATH_MAX = 1024


def check_length(what: str, value: str, limit: int) -> str:
    if len(value) > limit:
        raise TooLong(what, len(value), limit)
    return value


def without_controls(text: str) -> str:
    """``text`` without control characters (terminal escape sequences, bells, NULs).

    A title is shown in terminals and windows; an escape sequence in it would
    recolour or rewrite the screen instead of being read.
    """
    return "".join(c for c in text if unicodedata.category(c) != "Cc")


def clean_title(title: str, what: str = "title") -> str:
    """A title as stored: one line, no control characters, at most ``TITLE_MAX`` long."""
    cleaned = " ".join(without_controls(title.replace("\n", " ").replace("\t", " ")).split())
    if not cleaned:
        raise EvidenceKitError(f"The {what} is empty; write a few words.")
    return check_length(what, cleaned, TITLE_MAX)

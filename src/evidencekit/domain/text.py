"""Counting words and writing durations the way a teacher reads them."""

from __future__ import annotations

import re

# Markdown syntax that is not a word: heading marks, emphasis, list bullets,
# link targets. Counting after removing it matches what a reader would count.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")


def count_words(markdown: str) -> int:
    """Words a reader would count in Markdown text (syntax is not counted)."""
    return len(_WORD.findall(_LINK_TARGET.sub("]", markdown)))


def format_duration(seconds: float) -> str:
    """12:31 for minutes and seconds, 1:02:03 past an hour."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_megabytes(size_bytes: int) -> str:
    """'812 MB', '1.2 GB', '3.4 MB', or '48 kB' for small files."""
    if size_bytes < 1_000_000:
        return f"{max(1, round(size_bytes / 1000))} kB"
    megabytes = size_bytes / 1_000_000
    if megabytes >= 1000:
        return f"{megabytes / 1000:.1f} GB"
    return f"{megabytes:.0f} MB" if megabytes >= 10 else f"{megabytes:.1f} MB"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"

"""The bundle's limits on JSON, and its words for a document that breaks them.

``evidencekit.domain.bounded_json`` refuses deep nesting, long numbers, ``NaN``,
``Infinity`` and duplicate keys before Python's parser would fail on them; here the
size and the encoding are checked too, and every refusal is a clause ending in a
full stop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from evidencekit.domain.bounded_json import BoundBroken, loads_bounded


@dataclass(frozen=True)
class JsonLimits:
    max_bytes: int = 8 * 2**20
    max_depth: int = 32
    max_number_chars: int = 40


class JsonRefused(Exception):
    """Why the document was not parsed, as a clause ending in a full stop."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _in_words(broken: BoundBroken, limits: JsonLimits) -> str:
    if broken.bound == "depth":
        return f"it is nested deeper than {limits.max_depth} levels."
    if broken.bound == "number_chars":
        return f"a number is longer than {limits.max_number_chars} characters."
    if broken.bound == "not_finite":
        return "a number is too large to represent."
    if broken.bound == "duplicate_key":
        return "an object names the same key twice."
    # The bundle's bounds leave only a constant (NaN, Infinity, -Infinity) to refuse.
    return f"it uses {broken.token}, which JSON does not allow."


def parse_bounded(raw: bytes, limits: JsonLimits | None = None) -> Any:
    """The document in ``raw`` (UTF-8), or JsonRefused saying which limit it broke."""
    limits = limits or JsonLimits()
    if len(raw) > limits.max_bytes:
        raise JsonRefused(f"it is larger than {limits.max_bytes} bytes.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonRefused("it is not UTF-8 text.") from None
    try:
        return loads_bounded(
            text,
            max_depth=limits.max_depth,
            max_number_chars=limits.max_number_chars,
            unique_keys=True,
        )
    except BoundBroken as broken:
        raise JsonRefused(_in_words(broken, limits)) from None
    except json.JSONDecodeError as error:
        raise JsonRefused(f"it is not valid JSON ({error.msg} at line {error.lineno}).") from None

"""Parsing JSON from a bundle with limits that refuse, in words, before Python would fail.

The standard parser recurses once per nesting level (a deep document raises
RecursionError) and turns any run of digits into an int (a 5,000-digit number
raises ValueError, a 4,000-digit one costs quadratic time). Both are checked
here first: the depth by a linear scan that skips strings, numbers by the
parser's own hooks. Duplicate keys are refused too, since two readers could
pick different values.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

# A string literal (an unterminated one runs to the end, so the scan stays linear), or a
# bracket outside one; everything else is skipped. The count can only overestimate depth.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]+|\\.)*"?|[\[\]{}]', re.DOTALL)


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


def _depth(text: str) -> int:
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match[0]
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _number(kind: type, limits: JsonLimits) -> Any:
    def parse(text: str) -> Any:
        if len(text) > limits.max_number_chars:
            raise JsonRefused(f"a number is longer than {limits.max_number_chars} characters.")
        value = kind(text)
        if not math.isfinite(value):
            raise JsonRefused("a number is too large to represent.")
        return value

    return parse


def _refuse_constant(name: str) -> Any:
    raise JsonRefused(f"it uses {name}, which JSON does not allow.")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        raise JsonRefused("an object names the same key twice.")
    return document


def parse_bounded(raw: bytes, limits: JsonLimits | None = None) -> Any:
    """The document in ``raw`` (UTF-8), or JsonRefused saying which limit it broke."""
    limits = limits or JsonLimits()
    if len(raw) > limits.max_bytes:
        raise JsonRefused(f"it is larger than {limits.max_bytes} bytes.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonRefused("it is not UTF-8 text.") from None
    if _depth(text) > limits.max_depth:
        raise JsonRefused(f"it is nested deeper than {limits.max_depth} levels.")
    try:
        return json.loads(
            text,
            parse_int=_number(int, limits),
            parse_float=_number(float, limits),
            parse_constant=_refuse_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as error:
        raise JsonRefused(f"it is not valid JSON ({error.msg} at line {error.lineno}).") from None

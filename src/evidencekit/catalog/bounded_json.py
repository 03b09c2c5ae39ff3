"""JSON parsing with limits a catalog never needs to exceed.

Python's parser would recurse once per nesting level (a file 100 000 arrays deep
ends in RecursionError), turns a 5000-digit number into an error of its own, and
accepts ``NaN``, ``Infinity`` and ``1e400`` (infinite). A catalog has none of
these, so they are refused before or while parsing, with a located problem.
"""

from __future__ import annotations

import json
import math
from typing import Any

#: Deeper than any catalog (credentials > units > slots > ... is under ten levels).
MAX_DEPTH = 64
#: Digits of the longest integer accepted (limits in a catalog are far smaller).
MAX_INT_DIGITS = 15


class JsonLimitError(ValueError):
    """The text breaks one of the limits; ``where`` says where, if known."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(reason)
        self.where = where
        self.reason = reason


def _depth_problem(text: str) -> JsonLimitError | None:
    """Walk the text once, outside strings, counting how deep brackets nest."""
    depth = 0
    in_string = escaped = False
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return JsonLimitError(f"line {line}", f"nested more than {MAX_DEPTH} levels deep")
        elif char in "]}":
            depth -= 1
    return None


def _integer(token: str) -> int:
    digits = len(token.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise JsonLimitError("", f"a number with {digits} digits (at most {MAX_INT_DIGITS})")
    return int(token)


def _float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise JsonLimitError("", f"the number {token[:20]} is too large to be a limit")
    return value


def _constant(token: str) -> Any:
    raise JsonLimitError("", f"{token} is not a number JSON allows")


def loads(text: str) -> Any:
    """``json.loads`` with the limits above; ``JsonLimitError`` when one is broken."""
    problem = _depth_problem(text)
    if problem is not None:
        raise problem
    return json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)

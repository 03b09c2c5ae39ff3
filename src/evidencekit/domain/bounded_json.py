"""JSON parsing with limits, shared by the catalog and bundle readers.

Python's parser recurses once per nesting level (a document 100 000 arrays deep
ends in RecursionError), turns a 5000-digit number into an error of its own (and
a 4000-digit one costs quadratic time), and accepts ``NaN``, ``Infinity`` and
``1e400``. The depth is checked first, by one linear scan that skips strings;
numbers and constants by the parser's own hooks. ``BoundBroken`` only names the
bound and the text that broke it: each reader refuses in its own words.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Literal

# A string literal (an unterminated one runs to the end, so the scan stays linear), or a
# bracket outside one; everything else is skipped. The count can only overestimate depth.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]+|\\.)*"?|[\[\]{}]', re.DOTALL)

Bound = Literal["depth", "int_digits", "number_chars", "not_finite", "constant", "duplicate_key"]


class BoundBroken(Exception):
    """The text broke ``bound``; ``token`` is the number or constant, ``line`` the
    line of the bracket too deep (0 when the bound has no place)."""

    def __init__(self, bound: Bound, token: str = "", line: int = 0) -> None:
        super().__init__(bound)
        self.bound: Bound = bound
        self.token = token
        self.line = line


def _too_deep_at(text: str, max_depth: int) -> int | None:
    """The offset of the first bracket nested deeper than ``max_depth``, if any."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match[0]
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return match.start()
        elif token in "]}":
            depth -= 1
    return None


def _number_hook(
    kind: type[int] | type[float], max_chars: int | None, max_digits: int | None
) -> Any:
    def parse(token: str) -> int | float:
        if max_chars is not None and len(token) > max_chars:
            raise BoundBroken("number_chars", token)
        if kind is int and max_digits is not None and len(token.lstrip("-")) > max_digits:
            raise BoundBroken("int_digits", token)
        value = kind(token)
        if kind is float and not math.isfinite(value):
            raise BoundBroken("not_finite", token)
        return value

    return parse


def _refuse_constant(token: str) -> Any:
    raise BoundBroken("constant", token)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        raise BoundBroken("duplicate_key")
    return document


def loads_bounded(
    text: str,
    *,
    max_depth: int,
    max_int_digits: int | None = None,
    max_number_chars: int | None = None,
    unique_keys: bool = False,
) -> Any:
    """``json.loads`` within the bounds given: ``BoundBroken`` when one is broken,
    ``json.JSONDecodeError`` when the text is not JSON.

    ``max_int_digits`` counts an integer's digits, not its sign; ``max_number_chars``
    counts any number as written; ``None`` leaves them unbounded. ``unique_keys``
    refuses an object that names a key twice (two readers could pick different values).
    The bounds are plain arguments, not a record: the catalog is parsed at every start,
    and building a dataclass would cost more than this module's parsing saves.
    """
    offset = _too_deep_at(text, max_depth)
    if offset is not None:
        raise BoundBroken("depth", line=text.count("\n", 0, offset) + 1)
    return json.loads(
        text,
        parse_int=_number_hook(int, max_number_chars, max_int_digits),
        parse_float=_number_hook(float, max_number_chars, None),
        parse_constant=_refuse_constant,
        object_pairs_hook=_unique_keys if unique_keys else None,
    )

"""The catalog's limits on JSON, and its words for a text that breaks them.

A catalog has no deep nesting, long integers, ``NaN``, ``Infinity`` or ``1e400``;
``evidencekit.domain.bounded_json`` refuses them and this module says why as a
located problem.
"""

from __future__ import annotations

from typing import Any

from evidencekit.domain.bounded_json import BoundBroken, loads_bounded

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


def _in_words(broken: BoundBroken) -> JsonLimitError:
    token = broken.token
    if broken.bound == "depth":
        return JsonLimitError(f"line {broken.line}", f"nested more than {MAX_DEPTH} levels deep")
    if broken.bound == "int_digits":
        digits = len(token.lstrip("-"))
        return JsonLimitError("", f"a number with {digits} digits (at most {MAX_INT_DIGITS})")
    if broken.bound == "not_finite":
        return JsonLimitError("", f"the number {token[:20]} is too large to be a limit")
    # The catalog's bounds leave only a constant (NaN, Infinity, -Infinity) to refuse.
    return JsonLimitError("", f"{token} is not a number JSON allows")


def loads(text: str) -> Any:
    """``json.loads`` with the limits above; ``JsonLimitError`` when one is broken."""
    try:
        return loads_bounded(text, max_depth=MAX_DEPTH, max_int_digits=MAX_INT_DIGITS)
    except BoundBroken as broken:
        raise _in_words(broken) from None

"""JSON Canonicalization Scheme (RFC 8785): one exact byte string per JSON value.

A signature over JSON only survives a round trip through other software if both
sides serialise identically. JCS fixes the three things that vary: member order
(sorted by UTF-16 code units), string escaping (only what JSON requires) and
numbers (ECMAScript's shortest round-trip form).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


class NotCanonicalisable(ValueError):
    """A value JSON (or I-JSON, which JCS requires) cannot carry."""


def canonicalize(value: Any) -> bytes:
    return "".join(_emit(value)).encode("utf-8")


def _emit(value: Any) -> Iterator[str]:
    if value is None:
        yield "null"
    elif value is True:
        yield "true"
    elif value is False:
        yield "false"
    elif isinstance(value, str):
        yield _string(value)
    elif isinstance(value, int | float):
        yield _number(value)
    elif isinstance(value, list | tuple):
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ","
            yield from _emit(item)
        yield "]"
    elif isinstance(value, dict):
        yield "{"
        keys = sorted(value, key=_utf16_key)
        for index, key in enumerate(keys):
            if not isinstance(key, str):
                raise NotCanonicalisable(f"object keys must be strings, not {key!r}")
            if index:
                yield ","
            yield _string(key)
            yield ":"
            yield from _emit(value[key])
        yield "}"
    else:
        raise NotCanonicalisable(f"{type(value).__name__} is not a JSON value")


def _utf16_key(key: Any) -> bytes:
    if not isinstance(key, str):
        raise NotCanonicalisable(f"object keys must be strings, not {key!r}")
    return key.encode("utf-16-be", "surrogatepass")


def _string(text: str) -> str:
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20:
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            raise NotCanonicalisable("strings must not hold lone surrogates")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _number(value: int | float) -> str:
    if isinstance(value, int):
        # I-JSON: integers beyond 2**53 lose precision in every other implementation.
        if abs(value) > 2**53:
            raise NotCanonicalisable(f"{value} is too large for an exact JSON number")
        return str(value)
    if not math.isfinite(value):
        raise NotCanonicalisable("NaN and infinity are not JSON numbers")
    if value == 0:
        return "0"  # also -0.0
    # repr gives the shortest round-trip digits; rewrite them in ECMAScript's layout.
    sign = "-" if value < 0 else ""
    digits, point = _shortest_digits(abs(value))
    n = point  # the decimal point sits after n digits
    k = len(digits)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * -n + digits
    else:
        exp = n - 1
        body = digits[0] + ("." + digits[1:] if k > 1 else "") + ("e+" if exp > 0 else "e-")
        body += str(abs(exp))
    return sign + body


def _shortest_digits(value: float) -> tuple[str, int]:
    """(significant digits without trailing zeros, position of the decimal point)."""
    text = repr(value)
    mantissa, _e, exponent = text.partition("e")
    whole, _dot, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    leading_zeros = len(whole + fraction) - len((whole + fraction).lstrip("0"))
    point = len(whole) - leading_zeros + (int(exponent) if exponent else 0)
    stripped = digits.rstrip("0")
    return stripped or "0", point

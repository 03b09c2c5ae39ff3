"""The shared bounded JSON parser: each bound is named with the text that broke it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from evidencekit.domain.bounded_json import BoundBroken, loads_bounded

LOOSE: dict[str, Any] = {"max_depth": 3}


def broken(text: str, bounds: dict[str, Any]) -> BoundBroken:
    with pytest.raises(BoundBroken) as caught:
        loads_bounded(text, **bounds)
    return caught.value


def test_within_bounds_the_document_is_what_json_reads() -> None:
    text = '{"a": [1, -2.5, "x[{", {"b": null}], "a2": true}'
    assert loads_bounded(text, **LOOSE) == json.loads(text)


def test_too_deep_names_the_line_of_the_first_bracket_past_the_bound() -> None:
    failure = broken('{"a":\n [\n  [\n   [1]]]}', LOOSE)
    assert (failure.bound, failure.line) == ("depth", 4)


def test_brackets_inside_strings_do_not_count_even_after_escaped_quotes() -> None:
    text = '["\\"[[[[[", "\\\\", ["]]]]{{{{"]]'
    assert loads_bounded(text, **LOOSE) == json.loads(text)


def test_an_unterminated_string_hides_its_brackets_and_is_a_syntax_error() -> None:
    with pytest.raises(json.JSONDecodeError):
        loads_bounded('["' + "[" * 100, **LOOSE)


def test_integer_digits_do_not_count_the_sign() -> None:
    bounds: dict[str, Any] = {"max_depth": 3, "max_int_digits": 3}
    assert loads_bounded("[-999, 999]", **bounds) == [-999, 999]
    failure = broken("[-1000]", bounds)
    assert (failure.bound, failure.token) == ("int_digits", "-1000")


def test_number_characters_bound_integers_and_floats_alike() -> None:
    bounds: dict[str, Any] = {"max_depth": 3, "max_number_chars": 4}
    assert loads_bounded("[1234, 1e-3]", **bounds) == [1234, 0.001]
    assert broken("[12345]", bounds).bound == "number_chars"
    assert broken("[1.5e-3]", bounds).token == "1.5e-3"


def test_an_infinite_float_and_the_non_json_constants_are_refused() -> None:
    assert (broken("[1e400]", LOOSE).bound, broken("[1e400]", LOOSE).token) == (
        "not_finite",
        "1e400",
    )
    for constant in ("NaN", "Infinity", "-Infinity"):
        failure = broken(f"[{constant}]", LOOSE)
        assert (failure.bound, failure.token) == ("constant", constant)


def test_duplicate_keys_are_refused_only_when_asked() -> None:
    text = '{"k": 1, "k": 2}'
    assert loads_bounded(text, **LOOSE) == {"k": 2}
    assert broken(text, {"max_depth": 3, "unique_keys": True}).bound == "duplicate_key"

"""Our JCS against the RFC 8785 test data (fixtures/rfc8785, from the RFC's author)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.bundle.credentials.jcs import canonicalize

DATA = Path(__file__).parent / "fixtures" / "rfc8785"
CASES = sorted(p.stem for p in (DATA / "input").glob("*.json"))


def test_every_case_is_there() -> None:
    assert CASES == ["arrays", "french", "structures", "unicode", "values", "weird"]


@pytest.mark.parametrize("case", CASES)
def test_canonical_form_matches_byte_for_byte(case: str) -> None:
    # Numbers are IEEE doubles in JSON as JCS reads it, integers included.
    value = json.loads((DATA / "input" / f"{case}.json").read_text("utf-8"), parse_int=float)
    assert canonicalize(value) == (DATA / "output" / f"{case}.json").read_bytes()

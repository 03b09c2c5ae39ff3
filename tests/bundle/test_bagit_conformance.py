"""The Library of Congress BagIt conformance suite, used in place from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.bundle.bagit import validate_bag
from tests.conftest import SHARED

SUITE = SHARED / "testdata" / "bagit-conformance"
KINDS = ("valid", "invalid", "linux-only", "warning")  # windows-only matters on Windows only
CASES = sorted(
    (case.parent.name, case)
    for version in ("v0.97", "v1.0")
    for kind in KINDS
    if (SUITE / version / kind).is_dir()
    for case in (SUITE / version / kind).iterdir()
)


def test_the_suite_is_present() -> None:
    assert len(CASES) >= 40, f"conformance suite not found under {SUITE}"


@pytest.mark.parametrize(
    ("kind", "case"), CASES, ids=[f"{c.parent.parent.name}/{k}/{c.name}" for k, c in CASES]
)
def test_conformance_case(kind: str, case: Path) -> None:
    report = validate_bag(case)
    if kind == "valid":
        assert report.valid, [str(e) for e in report.errors]
    elif kind == "warning":
        assert report.valid, [str(e) for e in report.errors]
        assert report.warnings
    else:
        assert not report.valid

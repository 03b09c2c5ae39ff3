"""The Library of Congress BagIt conformance suite, used in place from ../shared.

Every case folder is a parameter. Invalid cases must fail for the reason the case
is about, and warning cases must warn about the right thing, so each is listed
below; a case added to the suite without a reason here fails until one is given.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.bundle.bagit.validate import validate_bag
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
OUT_OF_SCOPE = "absolute or points into a home folder"
# (version/case) -> a fragment of the error (invalid, linux-only) or warning (warning).
EXPECTED = {
    "v0.97/baginfo-missing-encoding": "'Tag-File-Character-Encoding: ENCODING'",
    "v0.97/bom-in-bagit.txt": "byte order mark",
    "v0.97/corrupt-data-file": "data/bare-filename: its md5 checksum does not match",
    "v0.97/corrupt-tag-file": "bag-info.txt: its md5 checksum does not match",
    "v0.97/extra-file-in-bag": "data/bar: the file is not listed in manifest-md5.txt",
    "v0.97/invalid-version-number": "'BagIt-Version: M.N'",
    "v0.97/missing-bagit.txt": "bagit.txt: the file is missing",
    "v0.97/missing-baginfo": "bag-info.txt: the file is listed but missing",
    "v0.97/out-of-scope-file-paths-using-dot-notation": "manifest-md5.txt: line 3: the path "
    "climbs out of the bag with '..'",
    "v0.97/out-of-scope-file-paths-using-dot-notation-for-fetch": "fetch.txt: line 1: the path "
    "climbs out of the bag with '..'",
    "v0.97/same-filename-listed-twice-with-different-hashes": "listed twice with different",
    "v0.97/out-of-scope-file-paths-using-absolute-path": OUT_OF_SCOPE,
    "v0.97/out-of-scope-file-paths-using-absolute-path-for-fetch": OUT_OF_SCOPE,
    "v0.97/out-of-scope-file-paths-using-shortcut": OUT_OF_SCOPE,
    "v0.97/out-of-scope-file-paths-using-shortcut-for-fetch": OUT_OF_SCOPE,
    "v0.97/out-of-scope-file-paths-using-shortcut-username": OUT_OF_SCOPE,
    "v0.97/out-of-scope-file-paths-using-shortcut-username-for-fetch": OUT_OF_SCOPE,
    "v0.97/made-with-md5sum-tools": "md5sum-style '*'",
    "v0.97/same-filename-listed-twice-with-the-same-hash": "'data/README' is listed twice",
    "v0.97/relative-path": "a './' before the path was ignored",
    "v0.97/duplicate-file-with-different-case": "different case or accents",
    "v0.97/same-filename-listed-twice-with-different-normalization": "different case or accents",
    "v0.97/special-system-files": "system file",
    "v1.0/bagit-with-invalid-whitespace": "bagit.txt: it has stray white space",
    "v1.0/notAllManifestsListAllFiles": "data/missingFromManifest.txt: the file is not listed "
    "in manifest-sha512.txt",
    "v1.0/same-filename-listed-twice-with-different-hashes": "listed twice with different",
    "v1.0/same-filename-listed-twice-with-the-same-hash": "'data/README' is listed twice.",
}


def test_the_suite_is_present() -> None:
    assert len(CASES) >= 40, f"conformance suite not found under {SUITE}"


@pytest.mark.parametrize(
    ("kind", "case"), CASES, ids=[f"{c.parent.parent.name}/{k}/{c.name}" for k, c in CASES]
)
def test_conformance_case(kind: str, case: Path) -> None:
    report = validate_bag(case)
    errors = [str(e) for e in report.errors]
    warnings = [str(w) for w in report.warnings]
    key = f"{case.parent.parent.name}/{case.name}"
    if kind == "valid":
        assert report.valid, errors
    elif kind == "warning":
        assert report.valid, errors
        assert any(EXPECTED[key] in w for w in warnings), warnings
    else:
        assert not report.valid
        assert any(EXPECTED[key] in e for e in errors), errors

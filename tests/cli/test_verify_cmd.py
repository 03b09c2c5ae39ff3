from __future__ import annotations

from pathlib import Path

from evidencekit.bundle.packer import pack_bundle
from evidencekit.bundle.seal import fingerprint
from tests.bundle.test_packer import KEY, spec
from tests.bundle.test_safe_extract import FILES, make_bag, zip_bag
from tests.bundle.zipcraft import Entry, build
from tests.cli.conftest import Run
from tests.conftest import SHARED

SUITE = SHARED / "testdata" / "bagit-conformance"


def test_verify_bag_folders(run: Run) -> None:
    good = SUITE / "v1.0" / "valid" / "basicBag"
    bad = SUITE / "v0.97" / "invalid" / "corrupt-data-file"
    assert run("verify", "--bag", good).code == 0
    result = run("verify", "--bag", good, "--bag", bad, "--json")
    assert result.code == 1
    data = result.json()
    assert [r["ok"] for r in data["results"]] == [True, False]
    assert {"entry": "data/bare-filename", "reason": "its md5 checksum does not match."} in (
        data["results"][1]["problems"]
    )


def test_verify_bundle_files(run: Run, tmp_path: Path) -> None:
    # Sealed and intact, but its metadata does not follow the schema.
    bundle = pack_bundle(spec(tmp_path), tmp_path / "ok.evkit", KEY).path
    result = run("verify", bundle, "--json")
    assert result.code == 1
    [verdict] = result.json()["results"]
    assert (verdict["seal"], verdict["signer"]) == ("unknown-signer", fingerprint(KEY.public_key()))
    [problem] = verdict["problems"]
    assert problem["entry"] == "data/submission.json"
    assert "is a required property" in problem["reason"]
    unsigned = zip_bag(make_bag(tmp_path / "bag", FILES), tmp_path / "unsigned.evkit")
    refused = run("verify", unsigned)
    assert refused.code == 1 and "the bundle is not signed." in refused.out
    hostile = tmp_path / "hostile.evkit"
    hostile.write_bytes(build([Entry(b"../../outside.txt", b"x")]))
    result = run("verify", bundle, hostile)
    assert result.code == 1
    assert "hostile.evkit: REJECTED" in result.out
    assert "'../../outside.txt': the path contains '..', '.' or an empty part." in result.out
    assert not (tmp_path.parent / "outside.txt").exists()


def test_verify_needs_something_to_check(run: Run) -> None:
    result = run("verify")
    assert result.code == 2 and "Name at least one bundle" in result.err

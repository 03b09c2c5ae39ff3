from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from evidencekit.bundle.packer import pack_bundle
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.cli.output import emit_json, say, shown
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


def test_a_fifo_named_like_a_bundle_is_refused_without_hanging(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "f.evkit"
    os.mkfifo(fifo)
    result = run("verify", fifo)
    assert result.code == 1
    assert "this is not a regular file." in result.out


def test_a_device_is_refused(run: Run) -> None:
    result = run("verify", "/dev/zero")
    assert result.code == 1 and "not a regular file" in result.out


def test_text_from_a_bundle_is_printed_escaped_and_isolated() -> None:
    assert shown("a\x1b]0;title\x07b") == "a\\u001b]0;title\\u0007b"
    assert shown("line\nfake line") == "line\\u000afake line"
    assert shown("report\u202etxt.exe") == "\u2068report\u202etxt.exe\u2069"
    assert shown("\u05e9\u05dc\u05d5\u05dd") == "\u2068\u05e9\u05dc\u05d5\u05dd\u2069"
    # A value cannot close the isolate around it early.
    assert shown("x\u2069\u202e") == "\u2068x\\u2069\u202e\u2069"
    assert shown("plain words") == "plain words"


def test_say_and_json_never_pass_terminal_controls(capsys: pytest.CaptureFixture[str]) -> None:
    say("title \x1b[2J\x9b31m done\n\tnext")
    emit_json({"title": "\x1b]0;x\x07 \x9b \u202e"})
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "done\n\tnext" in out
    assert json.loads(out[out.index("{") :])["title"] == "\x1b]0;x\x07 \x9b \u202e"

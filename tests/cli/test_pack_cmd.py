"""Demo submission -> pack -> verify, and every way a sealed bundle can be spoiled."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.bundle import layout
from tests.cli.conftest import Run

PASSPHRASE = "a long passphrase"


@pytest.fixture
def sealed(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_ws: Path
) -> tuple[Path, Path]:
    monkeypatch.setenv("EVIDENCEKIT_PASSPHRASE", PASSPHRASE)
    key = tmp_path / "teacher.key"
    assert run("keys", "create", "--key-file", key).code == 0
    bundle = tmp_path / "demo.evkit"
    result = run("pack", "--submission", "1", "-o", bundle, "--key-file", key, "--json")
    assert result.code == 0, result.err
    return bundle, key


def _change_first_byte(data: bytes) -> bytes:
    """Another value for the first byte; a hex digit stays a hex digit, so a manifest
    still parses and the change must be caught by its checksum, not its syntax."""
    first = chr(data[0])
    if first in "0123456789abcdef":
        replacement = "0" if first != "0" else "1"
        return replacement.encode() + data[1:]
    return bytes([data[0] ^ 1]) + data[1:]


def rewrite_entry(bundle: Path, name: str, change: bytes, out: Path) -> Path:
    """Copy the bundle with one entry's bytes changed (CRCs recomputed, so only the
    bag's own checks can notice)."""
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if layout.bag_path(info.filename, source.namelist()) == name:
                data = change or _change_first_byte(data)
            target.writestr(info, data)
    return out


def test_round_trip_verifies(run: Run, sealed: tuple[Path, Path]) -> None:
    bundle, _key = sealed
    result = run("verify", bundle, "--json")
    assert result.code == 0, result.out
    [verdict] = result.json()["results"]
    assert verdict["seal"] == "unknown-signer"
    shown = run("submission", "show", "1", "--json").json()
    assert shown["status"] == "packed"
    with zipfile.ZipFile(bundle) as archive:
        names = [layout.bag_path(name, archive.namelist()) for name in archive.namelist()]
        metadata = json.loads(layout.read(archive, "data/submission.json"))
    assert "bagit.txt" in names and "signature-ed25519.txt" in names
    assert metadata["credential"]["id"] == "checking-for-understanding"
    assert {e["kind"] for e in metadata["evidence"]} == {"clip", "text", "artifact", "attestation"}


def test_trusting_the_teacher_makes_the_seal_trusted(
    run: Run, sealed: tuple[Path, Path], tmp_path: Path
) -> None:
    bundle, key = sealed
    public = tmp_path / "teacher.pub"
    public.write_text(run("keys", "show", "--key-file", key, "--json").json()["public_key"])
    assert run("keys", "trust", public, "--role", "teacher").code == 0
    [verdict] = run("verify", bundle, "--json").json()["results"]
    assert (verdict["seal"], verdict["warnings"]) == ("trusted", [])


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("data/video/q-clip-1.mp4", "its sha256 checksum does not match."),
        ("data/text/q-reflection.md", "its sha256 checksum does not match."),
        ("bag-info.txt", "its sha256 checksum does not match."),
        ("manifest-sha256.txt", "its sha256 checksum does not match."),
        ("tagmanifest-sha256.txt", "the signature does not match: the bundle was changed."),
    ],
)
def test_a_changed_byte_anywhere_fails_with_the_right_reason(
    run: Run, sealed: tuple[Path, Path], tmp_path: Path, entry: str, reason: str
) -> None:
    bundle, _key = sealed
    spoiled = rewrite_entry(bundle, entry, b"", tmp_path / "spoiled.evkit")
    result = run("verify", spoiled, "--json")
    assert result.code == 1
    problems = result.json()["results"][0]["problems"]
    assert any(p["reason"] == reason for p in problems), problems


def test_a_changed_signature_fails(run: Run, sealed: tuple[Path, Path], tmp_path: Path) -> None:
    bundle, _key = sealed
    with zipfile.ZipFile(bundle) as archive:
        text = layout.read(archive, "signature-ed25519.txt").decode()
    head, _, signature = text.rpartition("Signature: ")
    forged = (head + "Signature: " + ("A" if signature[0] != "A" else "B") + signature[1:]).encode()
    spoiled = rewrite_entry(bundle, "signature-ed25519.txt", forged, tmp_path / "spoiled.evkit")
    result = run("verify", spoiled)
    assert result.code == 1
    assert "the signature does not match: the bundle was changed." in result.out


def test_pack_refuses_while_preflight_blocks(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVIDENCEKIT_PASSPHRASE", PASSPHRASE)
    key = tmp_path / "k.key"
    run("keys", "create", "--key-file", key)
    run("submission", "create", "--credential", "checking-for-understanding", "--title", "T")
    out = tmp_path / "x.evkit"
    result = run("pack", "--submission", "1", "-o", out, "--key-file", key)
    assert result.code == 1
    assert "cannot be packed yet" in result.err
    assert "has not been written yet" in result.err
    assert not out.exists()


def test_without_a_keyring_pack_says_what_to_do(run: Run, tmp_path: Path) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        result = run("pack", "--submission", "1", "-o", tmp_path / "x.evkit")
    finally:
        keyring.set_keyring(previous)
    assert result.code == 2
    assert "no secure password store" in result.err


def test_encrypted_bundle_opens_for_the_evaluator_and_the_teacher_only(
    run: Run, sealed: tuple[Path, Path], tmp_path: Path
) -> None:
    _bundle, teacher_key = sealed
    evaluator_key, stranger_key = tmp_path / "evaluator.key", tmp_path / "stranger.key"
    for key in (evaluator_key, stranger_key):
        assert run("keys", "create", "--key-file", key).code == 0
    evaluator = run("keys", "show", "--key-file", evaluator_key, "--json").json()
    recipient_file = tmp_path / "evaluator.age.txt"
    recipient_file.write_text(evaluator["age_recipient"] + "\n")

    locked = tmp_path / "demo.evkit.age"
    packed = run(
        "pack", "--submission", "1", "-o", locked, "--key-file", teacher_key,
        "--encrypt-to", recipient_file, "--json",
    )  # fmt: skip
    assert packed.code == 0, packed.err
    assert packed.json()["encrypted"] is True
    assert not zipfile.is_zipfile(locked)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".evidencekit-plain")] == []
    refused = run("verify", locked, "--json").json()["results"][0]
    assert "encrypted" in refused["problems"][0]["reason"]

    for who, key in (("evaluator", evaluator_key), ("teacher", teacher_key)):
        opened = tmp_path / f"{who}.evkit"
        assert run("decrypt", locked, "-o", opened, "--key-file", key).code == 0
        assert run("verify", opened).code == 0

    stranger = run("decrypt", locked, "-o", tmp_path / "s.evkit", "--key-file", stranger_key)
    assert stranger.code == 2 and "not encrypted for your key" in stranger.err
    assert not (tmp_path / "s.evkit").exists()

    # Asked for a plain name, the age file still gets the documented .evkit.age name.
    named = run(
        "pack", "--submission", "1", "-o", tmp_path / "named.evkit", "--key-file", teacher_key,
        "--encrypt-to", recipient_file, "--json",
    )  # fmt: skip
    assert named.code == 0, named.err
    assert named.json()["bundle"] == str(tmp_path / "named.evkit.age")
    assert (tmp_path / "named.evkit.age").exists() and not (tmp_path / "named.evkit").exists()


def test_pack_refuses_a_bad_encryption_key(run: Run, sealed: tuple[Path, Path]) -> None:
    bundle, key = sealed
    target = bundle.with_name("x.evkit.age")
    result = run(
        "pack", "--submission", "1", "-o", target, "--key-file", key, "--encrypt-to", "age1nope"
    )
    assert result.code == 2 and "not a usable age public key" in result.err
    assert not target.exists()

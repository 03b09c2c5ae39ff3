"""Packing: deterministic, sealed, verifiable, and atomic even when killed."""

from __future__ import annotations

import os
import random
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.bagit.validate import validate_bag
from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.packer import PARTIAL_PREFIX, PackSpec, PayloadItem, pack_bundle
from evidencekit.bundle.signing.seal import SealState, check_seal, fingerprint
from evidencekit.bundle.verify import verify_bundle
from evidencekit.domain.errors import Cancelled, EvidenceKitError
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter, no_progress
from tests.bundle.extracting import safe_extract

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
REFLECTION = b"## Reflection\n\nIt worked.\n"


def spec(tmp_path: Path, reflection: bytes = REFLECTION) -> PackSpec:
    video = tmp_path / "lesson.mp4"
    if not video.exists():
        video.write_bytes(random.Random(1).randbytes(2_000_000))
    return PackSpec(
        (
            PayloadItem("data/video/q-clip-1.mp4", video),
            PayloadItem("data/text/q-reflection.md", reflection),
            PayloadItem("data/submission.json", b'{"schema_version": 1}'),
            PayloadItem("data/artifacts/Plan 100% (final).pdf", b"%PDF-1.4 plan"),
        ),
        (("Bagging-Date", "2026-11-22"), ("EvidenceKit-Credential", "checking-for-understanding")),
    )


def test_same_inputs_give_identical_bytes(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir(), (tmp_path / "two").mkdir()
    first = pack_bundle(spec(tmp_path), tmp_path / "one" / "a.evkit", KEY)
    second = pack_bundle(spec(tmp_path), tmp_path / "two" / "a.evkit", KEY)
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.payload_sha256 == second.payload_sha256
    # The base folder inside the zip is named after the bundle, so another name differs.
    third = pack_bundle(spec(tmp_path), tmp_path / "b.evkit", KEY)
    assert third.path.read_bytes() != first.path.read_bytes()


def test_packed_bundle_verifies_and_is_signed(tmp_path: Path) -> None:
    events: list[ProgressEvent] = []
    result = pack_bundle(
        spec(tmp_path), tmp_path / "s.evkit", KEY, reporter=Reporter.to(events.append)
    )
    assert events[-1].done == events[-1].total
    with safe_extract(result.path) as bag:
        report = validate_bag(bag.path, allow_fetch=False)
        assert report.valid, report.errors
        assert report.info_value("Payload-Oxum") == f"{2_000_000 + len(REFLECTION) + 21 + 13}.4"
        assert report.payload_sha256 == result.payload_sha256
        seal = check_seal(bag.path, {fingerprint(KEY.public_key())})
        assert seal.state is SealState.TRUSTED
        assert check_seal(bag.path, set()).state is SealState.UNKNOWN_SIGNER


def test_media_is_stored_and_text_deflated(tmp_path: Path) -> None:
    result = pack_bundle(spec(tmp_path), tmp_path / "s.evkit", KEY)
    with zipfile.ZipFile(result.path) as archive:
        methods = {i.filename: i.compress_type for i in archive.infolist()}
        assert archive.testzip() is None
    # Everything sits in one base folder named after the bundle (RFC 8493 section 4).
    assert {name.split("/")[0] for name in methods} == {"s"}
    assert methods["s/data/video/q-clip-1.mp4"] == zipfile.ZIP_STORED
    assert methods["s/data/text/q-reflection.md"] == zipfile.ZIP_DEFLATED
    assert methods["s/tagmanifest-sha256.txt"] == zipfile.ZIP_DEFLATED


def test_a_flipped_payload_byte_is_caught(tmp_path: Path) -> None:
    original = pack_bundle(spec(tmp_path), tmp_path / "s.evkit", KEY).path.read_bytes()
    target = tmp_path / "s.evkit"
    for at in random.Random(7).sample(range(200, 2_000_000), 5):
        data = bytearray(original)
        data[at] ^= 0x80
        target.write_bytes(bytes(data))
        with pytest.raises(BundleRejected) as info:
            safe_extract(target)
        assert (info.value.entry, info.value.code) == ("s/data/video/q-clip-1.mp4", "corrupt")
        verdict = verify_bundle(target, set())
        assert verdict.problems == [("data/video/q-clip-1.mp4", info.value.reason)]


def test_a_flipped_signature_byte_is_caught(tmp_path: Path) -> None:
    result = pack_bundle(spec(tmp_path), tmp_path / "s.evkit", KEY)
    with safe_extract(result.path) as bag:
        path = bag.path / "signature-ed25519.txt"
        text = path.read_text()
        head, _, signature = text.rpartition("Signature: ")
        changed = ("B" if signature[0] != "B" else "C") + signature[1:]
        path.write_text(head + "Signature: " + changed)
        seal = check_seal(bag.path, {fingerprint(KEY.public_key())})
        assert seal.state is SealState.INVALID


def test_resealed_tamper_is_caught_by_the_signature(tmp_path: Path) -> None:
    """Someone edits a file and fixes every checksum: only the signature can tell."""
    result = pack_bundle(spec(tmp_path), tmp_path / "s.evkit", KEY)
    with safe_extract(result.path) as bag:
        signature = (bag.path / "signature-ed25519.txt").read_text()
    forger = Ed25519PrivateKey.generate()
    forged = pack_bundle(spec(tmp_path, b"rewritten"), tmp_path / "forged.evkit", forger)
    with safe_extract(forged.path) as bag:
        (bag.path / "signature-ed25519.txt").write_text(signature)
        assert validate_bag(bag.path).valid  # every checksum is consistent...
        seal = check_seal(bag.path, {fingerprint(KEY.public_key())})
        assert seal.state is SealState.INVALID  # ...but the teacher never signed this
        assert "was changed" in seal.reason


def test_refuses_to_overwrite_and_cancels_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "s.evkit"
    target.write_bytes(b"someone else's file")
    with pytest.raises(EvidenceKitError, match="already exists"):
        pack_bundle(spec(tmp_path), target, KEY)
    assert target.read_bytes() == b"someone else's file"
    token = CancelToken()
    token.cancel()
    before = set(os.listdir(tmp_path))
    with pytest.raises(Cancelled):
        pack_bundle(
            spec(tmp_path), tmp_path / "new.evkit", KEY, reporter=Reporter(no_progress, token)
        )
    assert set(os.listdir(tmp_path)) == before


def test_unsafe_payload_paths_are_refused(tmp_path: Path) -> None:
    bad = PackSpec((PayloadItem("data/../escape.txt", b"x"),), ())
    with pytest.raises(EvidenceKitError, match="Cannot pack"):
        pack_bundle(bad, tmp_path / "x.evkit", KEY)


def test_overwriting_never_leaves_the_target_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.evkit"
    target.write_bytes(b"the bundle sent last week")
    seen: list[bytes] = []
    real_replace = os.replace

    def watching_replace(source: str | Path, destination: str | Path) -> None:
        if Path(destination) == target:
            seen.append(target.read_bytes())  # what a reader would find this instant
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", watching_replace)
    pack_bundle(spec(tmp_path), target, KEY, overwrite=True)
    assert seen == [b"the bundle sent last week"]
    assert zipfile.is_zipfile(target)
    assert not [p for p in os.listdir(tmp_path) if p.startswith(PARTIAL_PREFIX)]

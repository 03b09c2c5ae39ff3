"""Packing and sealing beyond test_packer.py: full verification of a packed submission,
tag-manifest tampering, the named-partial fallback (killed, cancelled, swept) and
encryption to an evaluator's age key."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft202012Validator

from evidencekit.bundle.bagit.validate import validate_bag
from evidencekit.bundle.encryption import age_files as age
from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.packer import (
    PARTIAL_PREFIX,
    PackSpec,
    PayloadItem,
    pack_bundle,
    sweep_partials,
)
from evidencekit.bundle.signing.seal import SealState, check_seal, fingerprint
from evidencekit.bundle.verify import verify_bundle
from evidencekit.catalog.schema import load_schema
from evidencekit.domain.errors import Cancelled, EvidenceKitError
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter
from tests.bundle.extracting import safe_extract
from tests.bundle.pack_fixtures import TEACHER, clip, metadata, submission_spec

TRUSTED = {fingerprint(TEACHER.public_key())}
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return pack_bundle(submission_spec(tmp_path), tmp_path / "spring.evkit", TEACHER).path


def test_a_packed_submission_verifies_trusted_or_with_a_warning(bundle: Path) -> None:
    trusted = verify_bundle(bundle, TRUSTED)
    assert trusted.ok, trusted.problems
    assert (trusted.seal, trusted.signer, trusted.warnings) == (
        SealState.TRUSTED,
        fingerprint(TEACHER.public_key()),
        [],
    )
    stranger = verify_bundle(bundle, set())
    assert stranger.ok and stranger.seal is SealState.UNKNOWN_SIGNER
    assert [entry for entry, _ in stranger.warnings] == ["signature-ed25519.txt"]


def test_a_changed_tag_manifest_breaks_the_seal(bundle: Path) -> None:
    with safe_extract(bundle) as bag:
        path = bag.path / "tagmanifest-sha256.txt"
        original = path.read_bytes()
        for at in random.Random(3).sample(range(len(original)), 8):
            changed = bytearray(original)
            changed[at] = ord("0") if changed[at] != ord("0") else ord("1")
            path.write_bytes(bytes(changed))
            seal = check_seal(bag.path, TRUSTED)
            assert seal.state is SealState.INVALID, at
            assert "was changed" in seal.reason
        path.write_bytes(original + b"\n")  # even a harmless-looking extra line
        assert check_seal(bag.path, TRUSTED).state is SealState.INVALID
        path.write_bytes(original)
        assert check_seal(bag.path, TRUSTED).state is SealState.TRUSTED


def test_a_signature_from_another_key_is_not_the_teachers(tmp_path: Path) -> None:
    other = Ed25519PrivateKey.generate()
    packed = pack_bundle(submission_spec(tmp_path), tmp_path / "o.evkit", other)
    verdict = verify_bundle(packed.path, TRUSTED)
    assert verdict.seal is SealState.UNKNOWN_SIGNER
    assert verdict.signer == fingerprint(other.public_key())
    # The bag names the teacher, but someone else sealed it: refused, not just a warning.
    assert [entry for entry, _ in verdict.problems] == ["bag-info.txt"]
    assert "sealed by " + fingerprint(other.public_key()) in verdict.problems[0][1]


def test_metadata_naming_another_signer_is_refused(tmp_path: Path) -> None:
    spec = submission_spec(tmp_path)
    other = Ed25519PrivateKey.generate()
    forged = metadata(clip(tmp_path), other)  # submission.json names someone else
    payload = tuple(
        PayloadItem(item.path, forged) if item.path == "data/submission.json" else item
        for item in spec.payload
    )
    packed = pack_bundle(PackSpec(payload, spec.bag_info), tmp_path / "m.evkit", TEACHER)
    verdict = verify_bundle(packed.path, TRUSTED)
    assert [entry for entry, _ in verdict.problems] == ["data/submission.json"]
    assert fingerprint(other.public_key()) in verdict.problems[0][1]


def test_overwrite_replaces_an_existing_bundle(tmp_path: Path) -> None:
    target = tmp_path / "spring.evkit"
    target.write_bytes(b"an older attempt")
    pack_bundle(submission_spec(tmp_path), target, TEACHER, overwrite=True)
    assert verify_bundle(target, TRUSTED).ok


@pytest.fixture
def no_unnamed_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave like a file system without O_TMPFILE (macOS, Windows, some network shares)."""
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)


@pytest.mark.usefixtures("no_unnamed_files")
def test_without_unnamed_files_a_named_partial_becomes_the_bundle(tmp_path: Path) -> None:
    partials: list[list[str]] = []

    def look(_event: ProgressEvent) -> None:
        partials.append([p.name for p in tmp_path.glob(f"{PARTIAL_PREFIX}*")])

    spec = submission_spec(tmp_path)
    pack_bundle(spec, tmp_path / "s.evkit", TEACHER, reporter=Reporter.to(look))
    assert partials and all(len(found) == 1 for found in partials)  # written under that name
    assert not list(tmp_path.glob(f"{PARTIAL_PREFIX}*"))  # ...and renamed at the end
    assert verify_bundle(tmp_path / "s.evkit", TRUSTED).ok


@pytest.mark.usefixtures("no_unnamed_files")
def test_without_unnamed_files_cancel_and_errors_leave_nothing(tmp_path: Path) -> None:
    spec = submission_spec(tmp_path)
    before = sorted(os.listdir(tmp_path))
    token = CancelToken()
    stop_at_first = Reporter(lambda _e: token.cancel(), token)
    with pytest.raises(Cancelled):
        pack_bundle(spec, tmp_path / "s.evkit", TEACHER, reporter=stop_at_first)
    assert sorted(os.listdir(tmp_path)) == before
    video = spec.payload[0].source
    assert isinstance(video, Path)

    def vanish(_event: ProgressEvent) -> None:  # the clip disappears half-way through
        video.unlink(missing_ok=True)

    with pytest.raises(FileNotFoundError):
        pack_bundle(spec, tmp_path / "s.evkit", TEACHER, reporter=Reporter.to(vanish))
    assert sorted(os.listdir(tmp_path)) == sorted(set(before) - {video.name})


def test_sweep_removes_leftover_partials_only(tmp_path: Path) -> None:
    (tmp_path / f"{PARTIAL_PREFIX}abc123").write_bytes(b"PK\x03\x04 half a bundle")
    (tmp_path / f"{PARTIAL_PREFIX}def456").write_bytes(b"")
    (tmp_path / "spring.evkit").write_bytes(b"a real bundle")
    (tmp_path / "notes.partial").write_bytes(b"someone else's")
    busy = tmp_path / f"{PARTIAL_PREFIX}still-packing"
    busy.write_bytes(b"PK\x03\x04 another window is packing this")
    hour_ago = time.time() - 3600
    for name in (f"{PARTIAL_PREFIX}abc123", f"{PARTIAL_PREFIX}def456"):
        os.utime(tmp_path / name, (hour_ago, hour_ago))
    assert sweep_partials(tmp_path) == 2
    assert sorted(os.listdir(tmp_path)) == sorted(["notes.partial", "spring.evkit", busy.name])


PACK_AND_REPORT = textwrap.dedent(
    """
    import os, sys
    if sys.argv[2] == "named-partial":
        del os.O_TMPFILE  # behave like a file system without unnamed files
    from pathlib import Path
    from evidencekit.bundle.packer import PackSpec, PayloadItem, pack_bundle
    from evidencekit.domain.tasks import Reporter
    from tests.bundle.pack_fixtures import TEACHER
    folder = Path(sys.argv[1])
    items = tuple(PayloadItem("data/video/" + p.name, p) for p in sorted(folder.glob("src/*")))
    report = lambda event: print(event.done / event.total, flush=True)
    pack_bundle(PackSpec(items, (("Bagging-Date", "2026-11-22"),)), folder / "out" / "s.evkit",
                TEACHER, reporter=Reporter.to(report))
    print("done", flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.slow
@pytest.mark.parametrize("mode", ["unnamed", "named-partial"])
def test_killing_the_packer_never_leaves_a_bundle_that_is_not_whole(
    tmp_path: Path, mode: str
) -> None:
    """SIGKILL at 24 points spread over a 90 MB pack, chosen by the child's own progress
    (copying) and by time (tag files, fsync, rename). Whatever is at the target path is a
    complete bundle; anything else left is a clearly named partial that the reader rejects
    (or, killed between fsync and rename, a complete bundle under a partial's name)."""
    if mode == "unnamed" and not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE here")
    sources = tmp_path / "src"
    sources.mkdir()
    for n in range(3):
        (sources / f"clip{n}.mp4").write_bytes(os.urandom(30_000_000))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "s.evkit"
    script = tmp_path / "pack.py"
    script.write_text(PACK_AND_REPORT)
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, str(script), str(tmp_path), mode],
            stdout=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip

    def wait_for(process: subprocess.Popen[str], fraction: float) -> None:
        assert process.stdout is not None
        while (line := process.stdout.readline()) and line != "done\n":
            if float(line) >= fraction:
                return

    # How long the end (tag files, central directory, fsync, rename) takes after copying.
    process = start()
    wait_for(process, 1.0)
    began = time.monotonic()
    assert process.stdout is not None and process.stdout.readline() == "done\n"
    tail = time.monotonic() - began
    process.wait()
    target.unlink()
    rng = random.Random(5)
    killed = placed = rejected = 0
    for n in range(24):
        process = start()
        if n < 16:  # while copying
            wait_for(process, (n + rng.random()) / 16)
        else:  # while finishing
            wait_for(process, 1.0)
            time.sleep(tail * rng.uniform(0.0, 1.2))
        process.send_signal(signal.SIGKILL)
        stdout = process.communicate()[0]
        killed += "done" not in stdout
        leftovers = [p for p in out.iterdir() if p != target]
        assert all(p.name.startswith(PARTIAL_PREFIX) for p in leftovers), leftovers
        for found in [*leftovers, *([target] if target.exists() else [])]:
            try:
                with safe_extract(found) as bag:
                    assert validate_bag(bag.path).valid
            except BundleRejected:
                assert found != target, "a killed packer left a partial bundle at the target"
                rejected += 1
        if target.exists():
            placed += 1
            target.unlink()
        assert sweep_partials(out, idle_s=0) == len(leftovers)
    assert killed >= 20, (killed, placed)
    if mode == "unnamed":
        assert rejected == 0  # nothing named ever exists before it is complete
    else:
        assert rejected >= 12


# Encryption to an evaluator's age key


@pytest.fixture(scope="module")
def evaluator() -> tuple[str, str]:
    pair = age.new_age_key()
    return pair.identity, pair.recipient


def test_encrypted_bundle_decrypts_to_the_same_verified_bytes(
    bundle: Path, evaluator: tuple[str, str], tmp_path: Path
) -> None:
    identity, recipient = evaluator
    teacher_copy = age.new_age_key()
    events: list[ProgressEvent] = []
    sealed = age.encrypt_bundle(
        bundle, [recipient, teacher_copy.recipient], reporter=Reporter.to(events.append)
    )
    assert sealed == age.encrypted_path(bundle) and sealed.name == "spring.evkit.age"
    assert sealed.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert events[-1].done == events[-1].total == bundle.stat().st_size
    for who in (identity, teacher_copy.identity):
        opened = age.decrypt_bundle(sealed, [who], tmp_path / f"opened-{who[-6:]}.evkit")
        assert opened.read_bytes() == bundle.read_bytes()
        assert verify_bundle(opened, TRUSTED).ok
    again = age.encrypt_bundle(bundle, [recipient], tmp_path / "again.age")
    assert again.read_bytes() != sealed.read_bytes()  # a fresh file key every time


def test_the_wrong_key_or_a_damaged_file_writes_nothing(
    bundle: Path, evaluator: tuple[str, str], tmp_path: Path
) -> None:
    identity, recipient = evaluator
    sealed = age.encrypt_bundle(bundle, [recipient])
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(age.NotForThisKey, match="not encrypted for your key"):
        age.decrypt_bundle(sealed, [age.new_age_key().identity], tmp_path / "x.evkit")
    data = sealed.read_bytes()
    damaged = tmp_path / "damaged.age"
    cases = {
        "truncated at a chunk boundary": data[: len(data) - (len(data) - 200) % 65552],
        "truncated": data[:-100],
        "flipped payload byte": data[:5000] + bytes([data[5000] ^ 1]) + data[5001:],
        "flipped header byte": data[:60] + bytes([data[60] ^ 1]) + data[61:],
        "not age at all": bundle.read_bytes()[:4096],
    }
    for case, content in cases.items():
        damaged.write_bytes(content)
        with pytest.raises((age.DecryptionFailed, age.NotForThisKey)) as info:
            age.decrypt_bundle(damaged, [identity], tmp_path / "x.evkit")
        assert info.value.exit_code in (1, 2), case
        assert sorted(os.listdir(tmp_path)) == sorted({*before, "damaged.age"}), case
    damaged.write_bytes(cases["flipped payload byte"])
    with pytest.raises(age.DecryptionFailed) as failed:
        age.decrypt_bundle(damaged, [identity], tmp_path / "x.evkit")
    assert failed.value.exit_code == 1


def test_encryption_cancels_cleanly_and_never_overwrites(
    bundle: Path, evaluator: tuple[str, str], tmp_path: Path
) -> None:
    _identity, recipient = evaluator
    before = sorted(os.listdir(tmp_path))
    token = CancelToken()
    with pytest.raises(Cancelled):
        age.encrypt_bundle(bundle, [recipient], reporter=Reporter(lambda _e: token.cancel(), token))
    assert sorted(os.listdir(tmp_path)) == before
    existing = age.encrypted_path(bundle)
    existing.write_bytes(b"keep me")
    with pytest.raises(EvidenceKitError, match="already exists"):
        age.encrypt_bundle(bundle, [recipient])
    assert existing.read_bytes() == b"keep me"
    age.encrypt_bundle(bundle, [recipient], overwrite=True)
    assert existing.read_bytes().startswith(b"age-encryption.org/v1")


@pytest.mark.parametrize(
    "text",
    ["", "age1notbech32", "ssh-ed25519 AAAA me@host", "age1abc\nage1def", "AGE-SECRET-KEY-1X"],
)
def test_bad_recipients_are_refused_plainly(text: str, bundle: Path) -> None:
    with pytest.raises(age.AgeKeyError, match="not a usable age public key"):
        age.parse_recipient(text)
    with pytest.raises(age.AgeKeyError):
        age.encrypt_bundle(bundle, [text])
    assert not age.encrypted_path(bundle).exists()


def test_identities_read_like_age_keygen_writes_them(evaluator: tuple[str, str]) -> None:
    identity, recipient = evaluator
    keygen_file = f"# created: 2026-11-22T10:00:00Z\n# public key: {recipient}\n{identity}\n"
    assert str(age.parse_identity(keygen_file).to_public()) == recipient
    with pytest.raises(age.AgeKeyError, match="not a usable age identity"):
        age.parse_identity(recipient)


# The child's own high-water mark. Not ru_maxrss: Linux carries the parent's peak
# across fork/exec into it, so a child of a big pytest process would look big too.
MEASURE_ENCRYPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from evidencekit.bundle.encryption.age_files import encrypt_bundle, new_age_key
    encrypt_bundle(Path(sys.argv[1]), [new_age_key().recipient])
    status = Path("/proc/self/status").read_text().splitlines()
    print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024)
    """
)


def test_encryption_memory_stays_flat(tmp_path: Path) -> None:
    big = tmp_path / "big.evkit"
    with big.open("wb") as out:
        for _ in range(48):
            out.write(os.urandom(4 << 20))  # 192 MiB
    result = subprocess.run(
        [sys.executable, "-c", MEASURE_ENCRYPT, str(big)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    peak_mib = int(result.stdout)
    assert peak_mib < 96, f"peak {peak_mib} MiB while encrypting 192 MiB"
    assert age.encrypted_path(big).stat().st_size > big.stat().st_size


def test_the_age_tool_reads_ours_and_we_read_its(
    bundle: Path, evaluator: tuple[str, str], tmp_path: Path
) -> None:
    """The .evkit.age format is plain age: the reference tool opens it and vice versa."""
    identity, recipient = evaluator
    identity_file = tmp_path / "evaluator.txt"
    identity_file.write_text(f"# public key: {recipient}\n{identity}\n")
    sealed = age.encrypt_bundle(bundle, [recipient])
    opened = subprocess.run(
        ["age", "-d", "-i", str(identity_file), str(sealed)], capture_output=True, check=True
    ).stdout
    assert opened == bundle.read_bytes()
    theirs = tmp_path / "theirs.evkit.age"
    subprocess.run(["age", "-r", recipient, "-o", str(theirs), str(bundle)], check=True)
    ours = age.decrypt_bundle(theirs, [identity_file.read_text()], tmp_path / "theirs.evkit")
    assert ours.read_bytes() == bundle.read_bytes()


# The metadata schema (data/submission.json)

METADATA_SCHEMA = Draft202012Validator(load_schema("bundle-metadata-1.schema.json"))
OPTIONAL_FIELDS = {
    "candidate": {"pseudonym": "CAND-7F3K-Q2"},
    "consent": {"students": 24, "video": 22},
    "previous_review": {"attempt": 1, "review_sha256": "ab" * 32},
    "packed_at": "2026-11-22",
}


def test_metadata_schema_takes_todays_documents_and_the_optional_fields(tmp_path: Path) -> None:
    document = json.loads(metadata(clip(tmp_path)))
    assert list(METADATA_SCHEMA.iter_errors(document)) == []
    document |= OPTIONAL_FIELDS
    document["evidence"][0]["id"] = 7
    assert list(METADATA_SCHEMA.iter_errors(document)) == []
    document["candidate"] = {"name": "Ana Núñez"}
    assert list(METADATA_SCHEMA.iter_errors(document)) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("candidate", {"name": "Ana Núñez", "pseudonym": "CAND-7F3K"}),  # blind, yet named
        ("candidate", {"pseudonym": "x"}),
        ("consent", {"students": -1}),
        ("consent", {"Student Names": 3}),
        ("previous_review", {"attempt": 1}),
        ("packed_at", "2026-11-22T10:00:00Z"),  # a date: a clock time would break determinism
        ("packed_at", "2026-13-01"),
    ],
)
def test_metadata_schema_refuses_bad_optional_fields(
    tmp_path: Path, field: str, value: object
) -> None:
    document = json.loads(metadata(clip(tmp_path))) | {field: value}
    assert list(METADATA_SCHEMA.iter_errors(document)), f"{field}={value!r} was accepted"


def test_a_bundle_with_every_optional_field_verifies(tmp_path: Path) -> None:
    spec = submission_spec(tmp_path)
    document = json.loads(metadata(clip(tmp_path))) | OPTIONAL_FIELDS
    payload = tuple(
        PayloadItem(i.path, json.dumps(document).encode()) if i.path.endswith(".json") else i
        for i in spec.payload
    )
    packed = pack_bundle(PackSpec(payload, spec.bag_info), tmp_path / "full.evkit", TEACHER)
    assert verify_bundle(packed.path, TRUSTED).ok


def test_encryption_works_where_hard_links_do_not(
    bundle: Path, evaluator: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAT-formatted USB sticks have no hard links: the output is renamed instead."""

    def no_links(_source: object, _target: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    sealed = age.encrypt_bundle(bundle, [evaluator[1]])
    assert sealed.read_bytes().startswith(b"age-encryption.org/v1")
    assert sorted(p.name for p in bundle.parent.iterdir() if p.name.startswith(".")) == []


def test_an_encrypted_pack_never_writes_the_plain_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whenever the packer reports progress, every file anywhere in the target folder or
    the temp folder is the sources or ciphertext: no ZIP (the plain bundle) ever exists."""
    from evidencekit.bundle.packer import pack_bundle_into

    systemp = tmp_path / "systemp"
    systemp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(systemp))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    spec = submission_spec(tmp_path)
    evaluator = age.new_age_key()
    seen: list[str] = []

    def look(_event: ProgressEvent) -> None:
        for folder in (out_dir, systemp):
            for path in folder.rglob("*"):
                if path.is_file():
                    head = path.read_bytes()[:4]
                    assert head != b"PK\x03\x04", path
                    seen.append(path.name)

    target = out_dir / "spring.evkit.age"
    with age.encrypting_writer(target, [evaluator.recipient]) as plain:
        packed = pack_bundle_into(spec, plain, target.name, TEACHER, reporter=Reporter.to(look))
    assert seen and all(name.startswith(PARTIAL_PREFIX) for name in seen)
    assert sorted(p.name for p in out_dir.iterdir()) == ["spring.evkit.age"]
    opened = age.decrypt_bundle(target, [evaluator.identity], tmp_path / "spring.evkit")
    # The same bytes a plain pack under that name writes.
    (tmp_path / "direct").mkdir()
    direct = pack_bundle(spec, tmp_path / "direct" / "spring.evkit", TEACHER)
    assert opened.read_bytes() == direct.path.read_bytes()
    assert packed.bundle_sha256 == direct.bundle_sha256
    assert verify_bundle(opened, TRUSTED).ok


def test_a_failed_encrypted_pack_leaves_nothing(tmp_path: Path) -> None:
    from evidencekit.bundle.packer import pack_bundle_into

    spec = submission_spec(tmp_path)
    token = CancelToken()
    target = tmp_path / "out.evkit.age"
    before = sorted(os.listdir(tmp_path))
    with (
        pytest.raises(Cancelled),
        age.encrypting_writer(target, [age.new_age_key().recipient]) as plain,
    ):
        pack_bundle_into(spec, plain, target.name, TEACHER,
                         reporter=Reporter(lambda _e: token.cancel(), token))  # fmt: skip
    assert sorted(os.listdir(tmp_path)) == before


def test_sweep_removes_plain_folders_of_earlier_encrypted_packs(tmp_path: Path) -> None:
    old = tmp_path / ".evidencekit-plain-abc123"
    old.mkdir()
    (old / "bundle.evkit").write_bytes(b"PK\x03\x04 the unencrypted bundle")
    young = tmp_path / ".evidencekit-plain-def456"
    young.mkdir()
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    assert sweep_partials(tmp_path) == 1
    assert not old.exists() and young.exists()

"""Hostile variants of a sealed bundle are refused in one sentence naming the entry, by
the reader and by ``evidencekit verify`` (exit 1, never 70), within a bounded memory;
and a fuzzer mutating a good bundle never gets anything else out of them."""

from __future__ import annotations

import hashlib
import os
import random
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.bundle.verify import verify_bundle
from evidencekit.cli.main import main
from tests.bundle.hostile_bundles import CASES, GOOD, SIGNER, zipped

MB = 1 << 20
TRUSTED = {SIGNER}
GOOD_ZIP = zipped(GOOD)


def test_there_are_at_least_sixty_named_cases() -> None:
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)


def test_the_unchanged_bundle_verifies(tmp_path: Path) -> None:
    """The control: every case below is this bundle with one thing changed."""
    bundle = tmp_path / "spring.evkit"
    bundle.write_bytes(GOOD_ZIP)
    verdict = verify_bundle(bundle, TRUSTED)
    assert verdict.ok, verdict.problems
    assert set(verdict.payload) == {k for k in GOOD if k.startswith("data/")}
    assert verdict.sha256 is None  # the whole file is hashed only when asked
    # Asked, the one pass's hash of the whole file is the file's own SHA-256.
    identified = verify_bundle(bundle, TRUSTED, identify=True)
    assert identified.sha256 == hashlib.sha256(GOOD_ZIP).hexdigest()


def test_the_old_root_layout_still_verifies(tmp_path: Path) -> None:
    bundle = tmp_path / "old.evkit"
    bundle.write_bytes(zipped(GOOD, base=""))
    verdict = verify_bundle(bundle, TRUSTED)
    assert verdict.ok, verdict.problems


@pytest.mark.parametrize(("archive", "entry", "reason"), CASES)
def test_hostile_bundle_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], archive: bytes, entry: str, reason: str
) -> None:
    bundle = tmp_path / "spring.evkit"
    bundle.write_bytes(archive)
    tracemalloc.start()
    try:
        verdict = verify_bundle(bundle, TRUSTED)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not verdict.ok
    found_entry, found_reason = verdict.problems[0]
    entry = entry or bundle.name  # the archive as a whole is named by its file
    assert (found_entry, reason in found_reason) == (entry, True), verdict.problems
    assert found_reason.endswith(".") and found_reason.count(". ") == 0, "one sentence"
    assert peak < 300 * MB
    code = main(["--workspace", str(tmp_path / "ws"), "verify", str(bundle)])
    out = capsys.readouterr().out
    assert code == 1 and "REJECTED" in out
    assert "\x1b" not in out and "\x07" not in out
    assert sorted(os.listdir(tmp_path)) == ["spring.evkit"]  # nothing written beside it


def _verify_bytes(folder: Path, data: bytes) -> None:
    bundle = folder / "fuzzed.evkit"
    bundle.write_bytes(data)
    verdict = verify_bundle(bundle, TRUSTED)  # a Verdict, whatever the bytes: never raises
    assert verdict.ok or verdict.problems
    for entry, reason in verdict.problems:
        assert isinstance(entry, str) and reason.endswith((".", ")")), reason


mutation = st.tuples(
    st.sampled_from(["flip", "truncate", "insert", "delete", "overwrite"]),
    st.integers(min_value=0, max_value=len(GOOD_ZIP) - 1),
    st.binary(min_size=1, max_size=16),
)


def _mutate(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, at, chunk in edits:
        at %= max(len(out), 1)
        if kind == "flip" and out:
            out[at] ^= chunk[0] or 1
        elif kind == "truncate":
            del out[at:]
        elif kind == "insert":
            out[at:at] = chunk
        elif kind == "delete":
            del out[at : at + len(chunk)]
        else:
            out[at : at + len(chunk)] = chunk
    return bytes(out)


@settings(
    max_examples=150,  # the fixed budget CI spends; raise it locally to look longer
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=st.lists(mutation, min_size=1, max_size=4))
def test_fuzzed_bundles_never_crash_the_reader(tmp_path: Path, edits: list) -> None:
    _verify_bytes(tmp_path, _mutate(GOOD_ZIP, edits))


def test_random_mutations_for_a_fixed_time_never_crash_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Mutation fuzzing through the command line for a fixed two seconds (a budget, not an
    assertion): every run exits 0 or 1, never 70."""
    rng = random.Random(17)
    bundle = tmp_path / "fuzzed.evkit"
    runs = 0
    stop = time.monotonic() + 2.0
    while time.monotonic() < stop or runs < 10:
        edits = [
            (rng.choice(["flip", "truncate", "insert", "delete", "overwrite"]),
             rng.randrange(len(GOOD_ZIP)), rng.randbytes(rng.randint(1, 8)))
            for _ in range(rng.randint(1, 3))
        ]  # fmt: skip
        bundle.write_bytes(_mutate(GOOD_ZIP, edits))
        code = main(["--workspace", str(tmp_path / "ws"), "verify", str(bundle)])
        captured = capsys.readouterr()
        assert code in (0, 1), (edits, captured.err)
        runs += 1

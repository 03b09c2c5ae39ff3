"""Hostile archives are refused with the right reason, touch nothing, and stay cheap.

The archives are generated in ``hostile_cases``; a rejection for the wrong reason,
naming the wrong entry, or coming at the wrong time (after writing began when it
should have come before) fails the test.
"""

from __future__ import annotations

import os
import struct
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.zip.zipinspect import Limits
from tests.bundle import extracting
from tests.bundle.extracting import safe_extract
from tests.bundle.hostile_cases import CASES, MB, OK
from tests.bundle.zipcraft import Entry, build


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Point the system temp dir at an empty folder and record every mkdtemp, so a test
    can check that nothing at all is left in it, and whether extraction began."""
    systemp = tmp_path / "systemp"
    systemp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(systemp))
    made: list[Path] = []
    real = tempfile.mkdtemp

    def spy(*args: object, **kwargs: object) -> str:
        folder = real(*args, **kwargs)  # type: ignore[call-overload]
        made.append(Path(folder))
        return folder

    monkeypatch.setattr(extracting.tempfile, "mkdtemp", spy)
    yield made
    assert list(systemp.iterdir()) == []


def test_there_are_at_least_forty_five_cases() -> None:
    assert len(CASES) >= 45
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("archive", "code", "entry", "reason", "stage", "limits"), CASES)
def test_hostile_archive_is_rejected(
    tmp_path: Path,
    private_temp: list[Path],
    archive: bytes,
    code: str,
    entry: str | None,
    reason: str,
    stage: str,
    limits: Limits | None,
) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    bundle = folder / "hostile.evkit"
    bundle.write_bytes(archive)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(BundleRejected) as info:
            safe_extract(bundle, limits)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    error = info.value
    assert (error.code, reason in error.reason) == (code, True), error.message
    if entry is not None:
        assert error.entry == entry
    assert error.exit_code == 1
    assert error.message.startswith("The bundle was refused") and error.message.endswith(".")
    assert error.message.count(". ") == 0, "one sentence"
    # Refused before writing, or stopped while writing, as the case says.
    assert len(private_temp) == (1 if stage == "extract" else 0)
    assert all(not made.exists() for made in private_temp)
    assert sorted(p.name for p in folder.iterdir()) == ["hostile.evkit"]
    assert elapsed < 5
    assert peak < 32 * MB


def test_stored_size_field_is_never_trusted(tmp_path: Path, private_temp: list[Path]) -> None:
    """A stored entry whose declared sizes agree but whose data runs short."""
    archive = bytearray(build([Entry(OK, b"0123456789")]))
    struct.pack_into("<I", archive, 18, 10)
    bundle = tmp_path / "short.evkit"
    bundle.write_bytes(bytes(archive[:40]))
    with pytest.raises(BundleRejected):
        safe_extract(bundle)


def test_a_fifo_named_like_a_bundle_does_not_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "trap.evkit"
    os.mkfifo(fifo)
    with pytest.raises(BundleRejected) as info:
        safe_extract(fifo)
    assert (info.value.code, info.value.reason) == ("special", "this is not a regular file.")


def test_a_folder_named_like_a_bundle(tmp_path: Path) -> None:
    with pytest.raises(BundleRejected, match="folder, not a bundle"):
        safe_extract(tmp_path)

"""Write-back while a file is written: what is pushed to the disk early stays whole, and
stays in the page cache for whoever reads the file next (a trim's caller checks the cut)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from evidencekit.media.editing.write_back import STRETCH, WriteBack


def resident_bytes(path: Path) -> int:
    """How much of the file the page cache holds, as util-linux's fincore reports it."""
    done = subprocess.run(
        ["fincore", "--bytes", "--noheadings", "--output", "RES", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def test_pushed_stretches_stay_whole_and_in_memory(tmp_path: Path) -> None:
    target = tmp_path / "cut.mp4"
    piece = os.urandom(STRETCH // 4)
    pieces = 24  # six stretches, pushed as a copy pushes: often, between writes
    with target.open("wb", buffering=0) as out, WriteBack(target) as written:
        for _ in range(pieces):
            out.write(piece)
            written.push()
        os.fsync(out.fileno())
    # Advice covering the whole file each time would drop every stretch already on disk.
    assert resident_bytes(target) >= 0.9 * len(piece) * pieces
    assert target.read_bytes() == piece * pieces


def test_a_file_that_has_not_grown_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "cut.mp4"
    target.write_bytes(b"ftyp" * 1000)
    with WriteBack(target) as written:
        written.push()
        written.push()
    assert target.read_bytes() == b"ftyp" * 1000


def test_a_file_not_made_yet_is_not_pushed(tmp_path: Path) -> None:
    with WriteBack(tmp_path / "later.mp4") as written:
        written.push()
    assert not (tmp_path / "later.mp4").exists()

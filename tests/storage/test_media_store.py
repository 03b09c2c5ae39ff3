from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidencekit.domain.errors import Cancelled, EvidenceKitError
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter
from evidencekit.storage.media_store import MediaStore


@pytest.fixture
def store(tmp_path: Path) -> MediaStore:
    s = MediaStore(tmp_path / "media")
    s.prepare()
    return s


def test_file_is_stored_under_its_hash(store: MediaStore, tmp_path: Path) -> None:
    source = tmp_path / "clip.bin"
    source.write_bytes(os.urandom(3_000_000))
    events: list[ProgressEvent] = []
    stored = store.add_file(source, Reporter.to(events.append))
    assert stored.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert store.path_for(stored.sha256).read_bytes() == source.read_bytes()
    assert stored.newly_added and stored.size_bytes == 3_000_000
    assert events[-1].done == events[-1].total == 3_000_000
    again = store.add_file(source)
    assert (again.sha256, again.newly_added) == (stored.sha256, False)
    assert list((store.root / ".incoming").iterdir()) == []


def test_cancel_leaves_nothing_behind(store: MediaStore, tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(4_000_000))
    token = CancelToken()

    def cancel_midway(event: ProgressEvent) -> None:
        if event.done >= 1_000_000:
            token.cancel()

    with pytest.raises(Cancelled):
        store.add_file(source, Reporter(cancel_midway, token))
    leftovers = [p for p in store.root.rglob("*") if p.is_file()]
    assert leftovers == []


def test_missing_source_is_a_clear_error(store: MediaStore, tmp_path: Path) -> None:
    with pytest.raises(EvidenceKitError, match="does not exist"):
        store.add_file(tmp_path / "nope.mp4")
    with pytest.raises(EvidenceKitError, match="folder"):
        store.add_file(tmp_path)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_half_written_files_of_dead_processes_are_swept_after_an_hour(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media")
    store.prepare()
    incoming = store.root / ".incoming"
    old_dead = incoming / f"{_dead_pid()}-in-crashed"
    young_dead = incoming / f"{_dead_pid()}-in-recent"
    old_alive = incoming / f"{os.getppid()}-in-slow-copy"
    for leftover in (old_dead, young_dead, old_alive):
        leftover.write_bytes(b"partial")
    _age(old_dead, 7200)
    _age(old_alive, 7200)
    MediaStore(tmp_path / "media").prepare()
    assert sorted(p.name for p in incoming.iterdir()) == sorted([young_dead.name, old_alive.name])


def test_temporary_files_are_named_after_their_process(store: MediaStore) -> None:
    scratch = store.scratch_path(".mp4")
    assert scratch.name.startswith(f"{os.getpid()}-")
    store.prepare()  # another open of the store meanwhile leaves it alone
    assert scratch.exists()


def test_path_for_rejects_anything_but_a_digest(store: MediaStore) -> None:
    with pytest.raises(ValueError):
        store.path_for("../../etc/passwd")

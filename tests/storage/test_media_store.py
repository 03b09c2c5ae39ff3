from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from evidencekit.domain.errors import Cancelled, EvidenceKitError
from evidencekit.domain.tasks import CancelToken, ProgressEvent
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
    stored = store.add_file(source, events.append)
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
        store.add_file(source, cancel_midway, token)
    leftovers = [p for p in store.root.rglob("*") if p.is_file()]
    assert leftovers == []


def test_missing_source_is_a_clear_error(store: MediaStore, tmp_path: Path) -> None:
    with pytest.raises(EvidenceKitError, match="does not exist"):
        store.add_file(tmp_path / "nope.mp4")
    with pytest.raises(EvidenceKitError, match="folder"):
        store.add_file(tmp_path)


def test_half_written_files_from_a_crash_are_swept(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media")
    store.prepare()
    (store.root / ".incoming" / "in-crashed").write_bytes(b"partial")
    MediaStore(tmp_path / "media").prepare()
    assert list((store.root / ".incoming").iterdir()) == []


def test_path_for_rejects_anything_but_a_digest(store: MediaStore) -> None:
    with pytest.raises(ValueError):
        store.path_for("../../etc/passwd")

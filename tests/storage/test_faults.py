"""Which errors are faults of the machine, and the one sentence each becomes."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from evidencekit.domain.errors import MediaError, StorageFault
from evidencekit.storage import faults


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EDQUOT, "the disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "permission denied"),
        (errno.EROFS, "read-only"),
        (errno.EIO, "reported an error"),
    ],
)
def test_os_faults_name_the_file_and_promise_nothing_changed(number: int, words: str) -> None:
    fault = faults.explain(OSError(number, "boom", "/data/ws/x"), "/elsewhere")
    assert isinstance(fault, StorageFault)
    assert fault.message.startswith("/data/ws/x: ")
    assert words in fault.message and "nothing was changed" in fault.message
    assert "\n" not in fault.message


def test_sqlite_faults(tmp_path: Path) -> None:
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "workspace-schema0009-1.sqlite3").write_bytes(b"")
    corrupt = sqlite3.DatabaseError("database disk image is malformed")
    corrupt.sqlite_errorname = "SQLITE_CORRUPT"
    fault = faults.explain(corrupt, tmp_path, tmp_path)
    assert fault is not None and "damaged" in fault.message
    assert "workspace-schema0009-1.sqlite3" in fault.message
    missing = OperationalError("SELECT 1", {}, sqlite3.OperationalError("no such table: evidence"))
    assert "damaged" in (faults.explain(missing, tmp_path) or StorageFault("", "")).message
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"
    assert "disk is full" in (faults.explain(full, tmp_path) or StorageFault("", "")).message


def test_bugs_are_not_faults() -> None:
    assert faults.explain(ValueError("a bug"), "x") is None
    assert faults.explain(OSError(errno.EINVAL, "bad argument"), "x") is None
    assert faults.explain(sqlite3.IntegrityError("UNIQUE constraint failed"), "x") is None


def test_a_failed_copy_is_blamed_on_the_full_disk_not_the_clip() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device", "/ws/media/.incoming/1-x")
        except OSError:
            raise MediaError("lesson.mp4", "the clip could not be copied.") from None
    except MediaError as error:
        blamed = faults.machine_cause(error)
    assert isinstance(blamed, StorageFault) and "the disk is full" in blamed.message
    plain = MediaError("lesson.mp4", "not a video")
    assert faults.machine_cause(plain) is plain

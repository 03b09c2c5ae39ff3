"""One process at a time creates, checks or migrates a workspace's database.

Everyday reads and writes are kept apart by SQLite itself; only the steps that
decide what the database file *is* (create it, read its schema revision, back it
up, migrate it) take this lock, so ten processes opening a new workspace at the
same instant find one database, made once. On POSIX the lock is taken on the
folder itself, so no file is added to it; Windows cannot lock a folder and uses
a ``workspace.lock`` file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "workspace.lock"


@contextmanager
def workspace_lock(folder: Path) -> Iterator[None]:
    """Hold the workspace's open lock (waiting for it) while the block runs."""
    if sys.platform == "win32":
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    else:
        fd = os.open(folder, os.O_RDONLY)
    try:
        _lock(fd)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # the spelling type checkers understand
    import msvcrt

    def _lock(fd: int) -> None:
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
                return
            except OSError:
                continue

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

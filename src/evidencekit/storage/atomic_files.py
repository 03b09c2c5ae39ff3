"""Writing a file whole or not at all: temporary file beside it, fsync, rename."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_directory(path: Path) -> None:
    """Make a rename inside ``path`` durable (POSIX; a no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(target: Path, data: bytes, *, private: bool = False) -> None:
    """A crash leaves the old file or the new one, never half of one.

    ``private`` makes the file readable by its owner alone from the first byte
    (keys), rather than chmod-ing it once the secret is already on disk.
    """
    import tempfile  # here: a media trim needs only fsync_directory, and starts quicker

    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".evidencekit-", suffix=".part")
    try:
        if private:
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_directory(target.parent)

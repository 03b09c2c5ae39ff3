"""Writing a user's file whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Temporary file beside the target, fsync, rename: a crash never leaves half a file."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".evidencekit-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

"""Writing a media file so that its final name holds the whole file or nothing.

The encoder writes to a hidden temporary file beside the target (same folder, so
the rename cannot cross file systems); on success it is fsynced and renamed over
the target, on any error or cancellation it is deleted.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evidencekit.domain.errors import MediaError
from evidencekit.storage.atomic_files import fsync_directory


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path; it becomes ``target`` only if the block succeeds."""
    if not target.parent.is_dir():
        raise MediaError(str(target), "the folder to write it in does not exist.")
    try:
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.stem}.", suffix=target.suffix + ".part"
        )
    except OSError as exc:
        raise MediaError(str(target), f"cannot write here ({exc.strerror}).") from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(target.parent)

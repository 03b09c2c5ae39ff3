"""Writing a media file so that its final name holds the whole file or nothing.

The encoder writes to a hidden temporary file beside the target (same folder, so
the rename cannot cross file systems); on success it is fsynced and renamed over
the target, on any error or cancellation it is deleted. The temporary file is
created with the user's umask (as any program's output is), and its name never
appears in an error: a MediaError about it is reported against the target.
"""

from __future__ import annotations

import os
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
    temp = _new_temp(target)
    try:
        yield temp
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except MediaError as exc:
        temp.unlink(missing_ok=True)
        if exc.path != str(temp) and str(temp) not in exc.reason:
            raise
        reason = exc.reason.replace(str(temp), str(target))
        raise MediaError(str(target), reason) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(target.parent)


def _new_temp(target: Path) -> Path:
    """An empty hidden file beside ``target``, mode 0666 less the umask (mkstemp gives 0600)."""
    for _ in range(100):
        temp = target.parent / f".{target.stem}.{os.urandom(4).hex()}{target.suffix}.part"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise MediaError(str(target), f"cannot write here ({exc.strerror}).") from None
        os.close(fd)
        return temp
    raise MediaError(str(target), "cannot find a free temporary name beside it.")

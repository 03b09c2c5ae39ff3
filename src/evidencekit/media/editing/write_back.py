"""Sending a file to the disk while it is still being written.

A cut is fsynced before it gets its name (atomic_output): whole file or nothing.
Left to the end, that fsync waits for every byte to reach the disk, after the
copy is done. Handing each new stretch of the file to the kernel as it is
written lets the disk work while the copy goes on, so the fsync waits only for
the last stretch. It changes nothing about what is durable when: the fsync
still decides that.

Linux starts writing a range's dirty pages back when told the range is not
needed soon (``posix_fadvise`` DONTNEED; PostgreSQL uses the same call to flush
early where ``sync_file_range`` is missing). The advice drops only pages that are
already clean; each range is handed over once, while its pages are still dirty,
so the file stays in the page cache for whoever reads it next (a trim's caller
checks the cut right away). Without ``posix_fadvise`` (macOS, Windows) this does
nothing.
"""

from __future__ import annotations

import contextlib
import os
from types import TracebackType

# Small enough that the disk starts early, large enough that the calls cost little
# (1 MiB stretches cost 2 ms more CPU than 4 MiB ones on a 20 MB cut, for no gain).
STRETCH = 4 << 20


class WriteBack:
    """Pushes what has been appended to ``path`` since the last push towards the disk.

    Not ``active`` when the file will be rewritten as a whole at its end (MP4's
    faststart moves the index to the front): pushing it early would write it twice."""

    def __init__(self, path: os.PathLike[str] | str, *, active: bool = True) -> None:
        self._fd = None
        self._sent = 0
        if active and hasattr(os, "posix_fadvise"):
            # atomic_output made the file; one that cannot be opened is simply not pushed.
            with contextlib.suppress(OSError):
                self._fd = os.open(path, os.O_RDONLY)

    def push(self) -> None:
        if self._fd is None:
            return
        size = os.fstat(self._fd).st_size
        if size - self._sent >= STRETCH:
            os.posix_fadvise(self._fd, self._sent, size - self._sent, os.POSIX_FADV_DONTNEED)
            self._sent = size

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriteBack:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

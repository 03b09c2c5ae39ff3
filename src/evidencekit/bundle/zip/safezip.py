"""The hardened ZIP reader, counting every inflated byte, and the guarded writes of an
extraction (stream_verify writes a bundle's files out with them).

Declared sizes are never trusted: output is counted while inflating, so an
entry that inflates past its declared size, past 100:1, or past the total cap
is stopped as soon as it crosses the line. Memory stays bounded by the chunk
size whatever the archive holds. The archive is opened once and the same
handle is both inspected and read, so it cannot be swapped in between.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.zip.zipinspect import DEFLATED, Limits, ZipEntry, read_directory
from evidencekit.domain.errors import NotFound
from evidencekit.domain.tasks import CancelToken

__all__ = [
    "Budget",
    "Limits",
    "ZipArchive",
    "ZipEntry",
    "create_new",
    "make_folders",
]

CHUNK = 1 << 20
_CREATE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)


def _open_regular(path: Path) -> tuple[BinaryIO, int]:
    """The bundle opened for reading, and its size; only a regular file is accepted.

    O_NONBLOCK keeps a FIFO planted under a bundle's name from hanging the open."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    shown = str(path)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise BundleRejected(shown, "the file does not exist.", "missing") from None
    except IsADirectoryError:
        raise BundleRejected(shown, "this is a folder, not a bundle file.", "missing") from None
    except OSError as error:
        reason = f"the file cannot be read ({error.strerror or error})."
        raise BundleRejected(shown, reason, "unreadable") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BundleRejected(shown, "this is a folder, not a bundle file.", "missing")
        raise BundleRejected(shown, "this is not a regular file.", "special")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb"), info.st_size


class Budget:
    """Counts inflated bytes against the limits; raises the moment one is crossed."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0

    def spend(self, entry: ZipEntry, produced: int, count: int) -> None:
        self.total += count
        if produced > entry.size:
            raise BundleRejected(entry.name, "it inflates to more than it declares.", "bomb")
        limits = self.limits
        if produced > limits.ratio_floor_bytes and produced > limits.max_ratio * max(
            entry.compressed_size, 1
        ):
            raise BundleRejected(entry.name, f"it inflates more than {limits.max_ratio}:1.", "bomb")
        if produced > limits.max_entry_bytes:
            raise BundleRejected(entry.name, "the entry is larger than allowed.", "bomb")
        if self.total > limits.max_total_bytes:
            raise BundleRejected(entry.name, "the bundle unpacks to more than allowed.", "bomb")


def _pieces(
    handle: BinaryIO,
    entry: ZipEntry,
    budget: Budget,
    cancel: CancelToken,
    advance: Callable[[bytes], None] | None = None,
) -> Iterator[bytes]:
    """The entry's bytes as they inflate, at most CHUNK at a time; ``advance`` sees each
    raw (compressed) chunk as it is read.

    Size and CRC are checked after the last piece, so the data may be trusted only
    once the iterator has finished without raising."""
    crc = produced = 0
    inflater = zlib.decompressobj(-15) if entry.method == DEFLATED else None
    position, remaining = entry.data_offset, entry.compressed_size
    while remaining:
        cancel.raise_if_cancelled()
        handle.seek(position)  # another reader may have moved the shared handle
        chunk = handle.read(min(CHUNK, remaining))
        if not chunk:
            raise BundleRejected(entry.name, "the archive is truncated here.", "truncated")
        position += len(chunk)
        remaining -= len(chunk)
        if advance is not None:
            advance(chunk)
        pending = chunk
        while pending:
            if inflater is None:
                piece, pending = pending, b""
            else:
                if inflater.eof:
                    raise BundleRejected(entry.name, "it has bytes after its data.", "corrupt")
                try:
                    piece = inflater.decompress(pending, CHUNK)
                except zlib.error:
                    raise BundleRejected(entry.name, "its data is corrupt.", "corrupt") from None
                pending = inflater.unconsumed_tail
                # Checked here, not at the end: zlib would keep such bytes in memory.
                if inflater.unused_data:
                    raise BundleRejected(entry.name, "it has bytes after its data.", "corrupt")
            if piece:
                produced += len(piece)
                budget.spend(entry, produced, len(piece))
                crc = zlib.crc32(piece, crc)
                yield piece
                cancel.raise_if_cancelled()
    if inflater is not None and not inflater.eof:
        raise BundleRejected(entry.name, "its compressed data is incomplete.", "corrupt")
    if produced != entry.size:
        raise BundleRejected(entry.name, "it is shorter than it declares.", "corrupt")
    if crc != entry.crc:
        raise BundleRejected(entry.name, "its checksum (CRC) does not match.", "corrupt")


class ZipArchive:
    """A bundle whose structure passed every check, open for reading entries in place
    (a preview, one metadata file) without extracting anything."""

    def __init__(self, path: Path | str, limits: Limits | None = None) -> None:
        self.path = Path(path)
        self.limits = limits or Limits()
        self._handle, self.size = _open_regular(self.path)
        size = self.size
        try:
            self.entries, self.comment_length = read_directory(self._handle, size, self.limits)
        except BaseException:
            self._handle.close()
            raise
        self._by_name = {entry.name: entry for entry in self.entries}

    def entry(self, name: str) -> ZipEntry:
        try:
            return self._by_name[name]
        except KeyError:
            raise NotFound("bundle entry", name) from None

    def iter_bytes(self, name: str, cancel: CancelToken | None = None) -> Iterator[bytes]:
        """The entry's content in pieces; trust it only once the iteration has ended."""
        return self.stream(self.entry(name), Budget(self.limits), cancel or CancelToken())

    def stream(
        self,
        entry: ZipEntry,
        budget: Budget,
        cancel: CancelToken,
        advance: Callable[[bytes], None] | None = None,
    ) -> Iterator[bytes]:
        """``entry``'s content as it inflates, counted against ``budget``."""
        return _pieces(self._handle, entry, budget, cancel, advance)

    def read(self, name: str, max_bytes: int = 16 * 2**20) -> bytes:
        """A small entry's whole content, checked; larger ones must be streamed."""
        entry = self.entry(name)
        if entry.size > max_bytes:
            raise BundleRejected(
                name, f"it is larger than the {max_bytes} bytes that may be read.", "too-large"
            )
        return b"".join(self.iter_bytes(name))

    def raw(self, start: int, end: int) -> Iterator[bytes]:
        """The archive's own bytes from ``start`` to ``end``, at most CHUNK at a time."""
        while start < end:
            self._handle.seek(start)
            chunk = self._handle.read(min(CHUNK, end - start))
            if not chunk:
                raise BundleRejected("", "the archive got shorter while it was read.", "truncated")
            start += len(chunk)
            yield chunk

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> ZipArchive:
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.close()


def make_folders(root: Path, parts: list[str], made: set[Path], name: str) -> Path:
    """Create each folder on the way, refusing anything that already exists as a non-folder
    (a link could only get there by a collision the checks missed)."""
    folder = root
    for part in parts:
        folder = folder / part
        if folder in made:
            continue
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                raise BundleRejected(name, "it collides with another entry.", "duplicate") from None
        except OSError as error:
            reason = f"it cannot be created on this disk ({error.strerror or error})."
            raise BundleRejected(name, reason, "unwritable") from None
        made.add(folder)
    return folder


def create_new(target: Path, name: str) -> BinaryIO:
    """``target`` created for writing: never an existing file, never through a link."""
    try:
        fd = os.open(target, _CREATE, 0o600)
    except FileExistsError:
        raise BundleRejected(name, "it collides with another entry.", "duplicate") from None
    except OSError as error:
        reason = f"it cannot be created on this disk ({error.strerror or error})."
        raise BundleRejected(name, reason, "unwritable") from None
    return os.fdopen(fd, "wb")

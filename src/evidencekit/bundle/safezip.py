"""Extracting a checked ZIP into a fresh private folder, counting every inflated byte.

Declared sizes are never trusted: output is counted while inflating, so an
entry that inflates past its declared size, past 100:1, or past the total cap
is stopped as soon as it crosses the line. Memory stays bounded by the chunk
size whatever the archive holds.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zlib
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.hashing import BackgroundSha256
from evidencekit.bundle.zipinspect import DEFLATED, Limits, ZipEntry, read_entries
from evidencekit.domain.tasks import CancelToken, Progress, ProgressEvent, no_progress

CHUNK = 1 << 20
_CREATE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)


class ExtractedBag:
    """The extracted files in a private temporary folder, removed on exit."""

    def __init__(self, root: Path, entries: list[ZipEntry], sha256: dict[str, str]) -> None:
        self.path = root
        self.entries = entries
        # Computed while extracting, so validation need not read every file again.
        self.sha256 = sha256

    def cleanup(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> ExtractedBag:
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.cleanup()


def inspect_archive(path: Path, limits: Limits | None = None) -> list[ZipEntry]:
    """The archive's entries after every structural check; nothing is written."""
    try:
        with path.open("rb") as handle:
            return read_entries(handle, path.stat().st_size, limits or Limits())
    except FileNotFoundError:
        raise BundleRejected(str(path), "the file does not exist.", "missing") from None
    except IsADirectoryError:
        raise BundleRejected(str(path), "this is a folder, not a bundle file.", "missing") from None


def safe_extract(
    path: Path,
    limits: Limits | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExtractedBag:
    """Check, then extract into a new 0700 temporary folder. The caller cleans up
    (use it as a context manager); on any failure the folder is already gone."""
    limits = limits or Limits()
    cancel = cancel or CancelToken()
    entries = inspect_archive(path, limits)
    root = Path(tempfile.mkdtemp(prefix="evidencekit-verify-"))
    try:
        total_in = sum(e.compressed_size for e in entries) or 1
        budget = _Budget(limits)
        hashes: dict[str, str] = {}
        with path.open("rb") as archive:
            done = 0
            for entry in sorted(entries, key=lambda e: e.header_offset):
                target = root.joinpath(*entry.name.rstrip("/").split("/"))
                if entry.is_dir:
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                hashes[entry.name] = _extract_entry(archive, entry, target, budget, cancel)
                done += entry.compressed_size
                progress(ProgressEvent(done, total_in, f"Checking {entry.name}"))
        return ExtractedBag(root, entries, hashes)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0

    def spend(self, entry: ZipEntry, produced: int, count: int) -> None:
        self.total += count
        if produced > entry.size:
            raise BundleRejected(entry.name, "it inflates to more than it declares.", "bomb")
        floor = self.limits.ratio_floor_bytes
        if produced > floor and produced > self.limits.max_ratio * max(entry.compressed_size, 1):
            raise BundleRejected(
                entry.name, f"it inflates more than {self.limits.max_ratio}:1.", "bomb"
            )
        if self.total > self.limits.max_total_bytes:
            raise BundleRejected(entry.name, "the bundle unpacks to more than allowed.", "bomb")


def _extract_entry(
    archive: BinaryIO, entry: ZipEntry, target: Path, budget: _Budget, cancel: CancelToken
) -> str:
    """Write one entry; returns its SHA-256."""
    fd = os.open(target, _CREATE, 0o600)
    digest = BackgroundSha256()
    try:
        crc, produced = _inflate(archive, entry, fd, budget, cancel, digest)
        sha256 = digest.hexdigest()
    finally:
        digest.close()
    if produced != entry.size:
        raise BundleRejected(entry.name, "it is shorter than it declares.", "corrupt")
    if crc != entry.crc:
        raise BundleRejected(entry.name, "its checksum (CRC) does not match.", "corrupt")
    return sha256


def _inflate(
    archive: BinaryIO,
    entry: ZipEntry,
    fd: int,
    budget: _Budget,
    cancel: CancelToken,
    digest: BackgroundSha256,
) -> tuple[int, int]:
    crc = 0
    produced = 0
    inflater = zlib.decompressobj(-15) if entry.method == DEFLATED else None
    with os.fdopen(fd, "wb") as out:
        archive.seek(entry.data_offset)
        remaining = entry.compressed_size
        while remaining:
            cancel.raise_if_cancelled()
            chunk = archive.read(min(CHUNK, remaining))
            if not chunk:
                raise BundleRejected(entry.name, "the archive is truncated here.", "truncated")
            remaining -= len(chunk)
            pending = chunk
            while pending:
                if inflater is None:
                    piece, pending = pending, b""
                else:
                    try:
                        piece = inflater.decompress(pending, CHUNK)
                    except zlib.error:
                        raise BundleRejected(
                            entry.name, "its data is corrupt.", "corrupt"
                        ) from None
                    pending = inflater.unconsumed_tail
                produced += len(piece)
                budget.spend(entry, produced, len(piece))
                crc = zlib.crc32(piece, crc)
                digest.update(piece)
                out.write(piece)
        if inflater is not None and (not inflater.eof or inflater.unused_data):
            raise BundleRejected(entry.name, "its compressed data is incomplete.", "corrupt")
    return crc, produced

"""Unpacking a bundle into a private temporary folder, for tests that look inside one.

The app reads bundles only through stream_verify; this goes through the same hardened
reader (ZipArchive, its byte budget, the guarded folder and file creation), without
the signature, so tests can open bags the app would refuse.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from pathlib import Path
from types import TracebackType

from evidencekit.bundle.zip.safezip import Budget, Limits, ZipArchive, create_new, make_folders
from evidencekit.bundle.zip.zipinspect import ZipEntry
from evidencekit.domain.tasks import Reporter

TEMP_PREFIX = "evidencekit-test-extract-"


class ExtractedBag:
    """The files in a temporary folder, removed on exit (or when collected). ``path`` is
    the bag: the one base folder a bundle's zip holds, or the root for older ones."""

    def __init__(self, root: Path, entries: list[ZipEntry]) -> None:
        self.root = root
        self.path = _bag_root(root)
        self.entries = entries
        self._remove = weakref.finalize(self, shutil.rmtree, root, ignore_errors=True)

    def cleanup(self) -> None:
        self._remove()

    def __enter__(self) -> ExtractedBag:
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.cleanup()


def _bag_root(root: Path) -> Path:
    if (root / "bagit.txt").exists():
        return root
    inside = list(root.iterdir())
    if len(inside) == 1 and os.path.lexists(inside[0] / "bagit.txt"):
        return inside[0]
    return root


def inspect_archive(path: Path | str, limits: Limits | None = None) -> list[ZipEntry]:
    """The archive's entries after every structural check; nothing is written."""
    with ZipArchive(path, limits) as archive:
        return archive.entries


def safe_extract(
    path: Path | str,
    limits: Limits | None = None,
    reporter: Reporter | None = None,
) -> ExtractedBag:
    """Check, then extract into a new 0700 temporary folder; on any failure the folder is
    already gone. Raises BundleRejected or Cancelled."""
    reporter = reporter or Reporter.silent()
    with ZipArchive(path, limits) as archive:
        root = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        try:
            _extract_all(archive, root, reporter)
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
    return ExtractedBag(root, archive.entries)


def _extract_all(archive: ZipArchive, root: Path, reporter: Reporter) -> None:
    entries = sorted(archive.entries, key=lambda e: e.header_offset)  # read front to back
    total = sum(e.compressed_size for e in entries) or 1
    done = 0
    current = ""

    def advance(chunk: bytes) -> None:
        nonlocal done
        done += len(chunk)
        reporter.report(done, total, f"Checking {current}")

    budget = Budget(archive.limits)
    folders: set[Path] = {root}
    for entry in entries:
        reporter.check()
        current = entry.name
        parts = entry.name.removesuffix("/").split("/")
        target = make_folders(root, parts if entry.is_dir else parts[:-1], folders, entry.name)
        if entry.is_dir:
            continue
        with create_new(target / parts[-1], entry.name) as out:
            for piece in archive.stream(entry, budget, reporter.cancel, advance):
                out.write(piece)
    reporter.report(total, total, "Checked every entry")

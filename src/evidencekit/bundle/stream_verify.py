"""Hashing a sealed bundle's members straight from the archive, in one front-to-back pass.

The entries tile the archive exactly (zipinspect checks that), so reading each
entry's header and data in order, then the central directory, reads every byte
of the file once: the same pass gives each member's SHA-256 (for the manifests)
and, when asked, the whole file's SHA-256 (what a review is bound to). Nothing is written,
unless the caller asks for the verified files to be kept (review open); then
each member is written as it is hashed, into a folder only this pass created.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.hashing import BackgroundSha256
from evidencekit.bundle.profile import SIGNED_TAG_FILES, SealedBundle
from evidencekit.bundle.zip.safezip import Budget, create_new, make_folders
from evidencekit.domain.tasks import Reporter

METADATA_FILE = "data/submission.json"
METADATA_MAX_BYTES = 8 * 2**20
BACKGROUND_HASH_BYTES = 4 * 2**20


@dataclass
class Streamed:
    file_sha256: str | None  # when it was asked for
    mismatches: list[str] = field(default_factory=list)  # bag paths whose SHA-256 differs
    metadata: bytes | None = None  # data/submission.json as hashed, when present


def _expected(bundle: SealedBundle) -> dict[str, str]:
    """The SHA-256 each member must have: payload files from the signed manifest; tag
    files as they were read for the profile checks, which must also match the tag
    manifest for the signed ones (so what was parsed is what was signed)."""
    expected = dict(bundle.payload)
    for name, content in bundle.tags.items():
        expected[name] = hashlib.sha256(content).hexdigest()
    return expected


def _sha256_of(
    pieces: Iterator[bytes], out: BinaryIO | None, kept: list[bytes] | None, large: bool
) -> str:
    """The SHA-256 of ``pieces`` (written to ``out``, kept in ``kept``, when given). A
    large member is hashed on another core while this one reads and checks CRCs; a
    small one here, since a thread per small file would cost more than it saves."""
    digest: BackgroundSha256 | Any = BackgroundSha256() if large else hashlib.sha256()
    try:
        with out if out is not None else nullcontext():
            for piece in pieces:
                digest.update(piece)
                if out is not None:
                    out.write(piece)
                if kept is not None:
                    kept.append(piece)
        return digest.hexdigest()
    finally:
        if large:
            digest.close()


def stream_members(
    bundle: SealedBundle,
    reporter: Reporter,
    keep_in: Path | None = None,
    whole_file: bool = False,
) -> Streamed:
    """Hash every member (CRC, sizes and ratio are checked while inflating); with
    ``keep_in`` (a new, empty, private folder) write each member there as well."""
    archive = bundle.archive
    expected = _expected(bundle)
    mismatches = [name for name in SIGNED_TAG_FILES if expected[name] != bundle.tag_digests[name]]
    metadata_entry = bundle.members.get(METADATA_FILE)
    if metadata_entry is not None and metadata_entry.size > METADATA_MAX_BYTES:
        raise BundleRejected(
            METADATA_FILE, f"the metadata is larger than {METADATA_MAX_BYTES} bytes.", "too-large"
        )
    whole = BackgroundSha256() if whole_file else None
    total = archive.size or 1
    done = 0
    current = ""

    def advance(chunk: bytes) -> None:
        nonlocal done
        if whole is not None:
            whole.update(chunk)
        done += len(chunk)
        reporter.report(done, total, f"Checking {current}")

    budget = Budget(archive.limits)
    folders: set[Path] = set() if keep_in is None else {keep_in}
    metadata: bytes | None = None
    position = 0
    try:
        for name, entry in sorted(bundle.members.items(), key=lambda m: m[1].header_offset):
            reporter.check()
            current = name
            for chunk in archive.raw(position, entry.data_offset):  # the local header
                advance(chunk)
            out = None
            if keep_in is not None:
                parts = name.split("/")
                out = create_new(make_folders(keep_in, parts[:-1], folders, name) / parts[-1],
                                 name)  # fmt: skip
            kept: list[bytes] | None = [] if entry is metadata_entry else None
            pieces = archive.stream(entry, budget, reporter.cancel, advance)
            if _sha256_of(pieces, out, kept, entry.size >= BACKGROUND_HASH_BYTES) != expected[name]:
                mismatches.append(name)
            if kept is not None:
                metadata = b"".join(kept)
            position = entry.end_offset
        for chunk in archive.raw(position, archive.size):  # central directory and end records
            advance(chunk)
        file_sha256 = whole.hexdigest() if whole is not None else None
    except BundleRejected as rejected:  # named by its path in the bag, as everywhere else
        if bundle.base and rejected.entry.startswith(bundle.base):
            in_bag = rejected.entry.removeprefix(bundle.base)
            raise BundleRejected(in_bag, rejected.reason, rejected.code) from None
        raise
    finally:
        if whole is not None:
            whole.close()
    reporter.report(total, total, "Checked every entry")
    return Streamed(file_sha256, mismatches, metadata)

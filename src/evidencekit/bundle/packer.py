"""Packing a sealed bundle: one BagIt bag in a ZIP, signed, written atomically.

Packing is a pure function of its inputs: the same payload, bag-info fields and
key give byte-identical bundles. Each source file is read exactly once.

Atomicity: the bundle is written to an *unnamed* file in the target folder
(Linux ``O_TMPFILE``), fsynced, and only then given its name with ``link``. A
process killed at any moment therefore leaves either nothing at all or the
complete bundle, never a partial file that could be mistaken for it. Where the
file system lacks unnamed files, a clearly named ``.partial`` file is used and
renamed, and ``sweep_partials`` (run before every pack) removes leftovers.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from hashlib import sha256
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.signing.seal import SIGNATURE_FILE, SIGNED_FILE, signature_file
from evidencekit.bundle.zip.zipinspect import Limits, check_name
from evidencekit.bundle.zip.zipstream import ByteSink, ZipStream
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.tasks import Reporter
from evidencekit.storage.atomic_files import fsync_directory

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PARTIAL_PREFIX = ".evidencekit-partial-"
# Encrypted packs before 2026-12 staged the plain bundle in such a folder.
LEGACY_PLAIN_PREFIX = ".evidencekit-plain-"
# Text is deflated; media (already compressed) is stored so it can stream in a browser.
DEFLATE_SUFFIXES = {".md", ".html", ".txt", ".json", ".csv", ".vtt", ".xml", ".svg"}


@dataclass(frozen=True)
class PayloadItem:
    path: str  # inside the bag, e.g. "data/video/q-clip-1.mp4"
    source: Path | bytes


@dataclass(frozen=True)
class PackSpec:
    payload: tuple[PayloadItem, ...]
    bag_info: tuple[tuple[str, str], ...]  # Payload-Oxum is added; Bagging-Date comes from here


@dataclass(frozen=True)
class PackResult:
    path: Path
    size_bytes: int
    payload_sha256: dict[str, str]
    bundle_sha256: str  # of the whole file: what a review or a badge names it by


def _size(item: PayloadItem) -> int:
    return len(item.source) if isinstance(item.source, bytes) else item.source.stat().st_size


@contextlib.contextmanager
def _open(item: PayloadItem) -> Iterator[BinaryIO]:
    if isinstance(item.source, bytes):
        yield BytesIO(item.source)
    else:
        with item.source.open("rb") as handle:
            yield handle


def _check_spec(spec: PackSpec) -> list[PayloadItem]:
    seen: set[str] = set()
    for item in spec.payload:
        try:
            check_name(item.path.encode("utf-8"), 0x800, Limits())
        except BundleRejected as problem:
            raise EvidenceKitError(f"Cannot pack {item.path!r}: {problem.reason}") from None
        if not item.path.startswith("data/") or item.path in seen:
            raise EvidenceKitError(f"Cannot pack {item.path!r}: not a unique payload path.")
        seen.add(item.path)
    return sorted(spec.payload, key=lambda i: i.path)


def pack_bundle(
    spec: PackSpec,
    target: Path,
    signer: Ed25519PrivateKey,
    *,
    overwrite: bool = False,
    reporter: Reporter | None = None,
) -> PackResult:
    """Seal ``spec`` into ``target``. The bag sits in one base folder inside the zip
    (RFC 8493 section 4), named after the target file."""
    reporter = reporter or Reporter.silent()
    payload = _check_spec(spec)
    folder = base_folder_name(target.name) + "/"
    if target.exists() and not overwrite:
        raise EvidenceKitError(f"{target} already exists; choose another name or overwrite it.")
    with _unnamed_file(target.parent) as (out, place):
        hashes = _write_bundle(spec, payload, ZipStream(out), folder, signer, reporter)
        reporter.check()
        size = out.tell()
        whole = _hash_back(out, reporter)
        place(target, overwrite)
    return PackResult(target, size, hashes, whole)


def pack_bundle_into(
    spec: PackSpec,
    out: ByteSink,
    name: str,
    signer: Ed25519PrivateKey,
    *,
    reporter: Reporter | None = None,
) -> PackResult:
    """Seal ``spec`` into a stream that cannot seek (an encryptor's input), so that the
    bundle never exists as a file; ``name`` is the file name it stands for. The bytes
    are the same ``pack_bundle`` writes; ``path`` in the result is ``Path(name)``."""
    reporter = reporter or Reporter.silent()
    payload = _check_spec(spec)
    counted = _HashingWriter(out)
    # A sequential ZipStream only ever calls write().
    stream = ZipStream(cast(BinaryIO, counted), sequential=True)
    folder = base_folder_name(name) + "/"
    hashes = _write_bundle(spec, payload, stream, folder, signer, reporter)
    return PackResult(Path(name), counted.size, hashes, counted.digest.hexdigest())


class _HashingWriter:
    """Counts and hashes what passes through to ``out``."""

    def __init__(self, out: ByteSink) -> None:
        self._out = out
        self.digest = sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._out.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(data)


def _write_bundle(
    spec: PackSpec,
    payload: list[PayloadItem],
    zip_out: ZipStream,
    folder: str,
    signer: Ed25519PrivateKey,
    reporter: Reporter,
) -> dict[str, str]:
    """Write the whole zip (payload, tag files, directory); returns payload SHA-256s."""
    # Sizes are read once: the Payload-Oxum and the zip headers must agree with what
    # was streamed even if a source file changes meanwhile (the writer then fails).
    sizes = {item.path: _size(item) for item in payload}
    total = sum(sizes.values()) or 1
    done = 0
    hashes: dict[str, str] = {}

    def advance(count: int) -> None:
        nonlocal done
        done += count
        reporter.report(done, total, "Sealing the bundle")

    for item in payload:
        with _open(item) as source:
            written = zip_out.add(
                folder + item.path, source, sizes[item.path],
                compress=Path(item.path).suffix.lower() in DEFLATE_SUFFIXES,
                cancel=reporter.cancel, on_bytes=advance,
            )  # fmt: skip
        hashes[item.path] = written.sha256
    tags = _tag_files(spec, payload, sizes, hashes, signer)
    for name, content in tags.items():
        zip_out.add(
            folder + name, BytesIO(content), len(content), compress=True, cancel=reporter.cancel
        )
    zip_out.finish()
    return hashes


def base_folder_name(file_name: str) -> str:
    """The bag's folder inside the zip: the bundle's file name without its suffixes,
    made portable ('bundle' when nothing portable is left)."""
    stem = file_name
    for suffix in (".age", ".evkit"):
        stem = stem.removesuffix(suffix)
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "-", stem).strip(" .-")[:80]
    try:
        check_name(stem.encode("utf-8"), 0x800, Limits())
    except BundleRejected:
        return "bundle"
    return stem


def _hash_back(out: BinaryIO, reporter: Reporter) -> str:
    """The finished file's SHA-256, read back while its pages are still in the cache
    (the zip headers are rewritten in place, so the output is not hashed as written)."""
    out.flush()
    out.seek(0)
    digest = sha256()
    while chunk := out.read(4 << 20):
        reporter.check()
        digest.update(chunk)
    return digest.hexdigest()


def _tag_files(
    spec: PackSpec,
    payload: list[PayloadItem],
    sizes: dict[str, int],
    hashes: dict[str, str],
    signer: Ed25519PrivateKey,
) -> dict[str, bytes]:
    octets = sum(sizes.values())
    info = [*spec.bag_info, ("Payload-Oxum", f"{octets}.{len(payload)}")]
    tags = {
        "bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        "bag-info.txt": "".join(f"{k}: {v}\n" for k, v in info).encode("utf-8"),
        "manifest-sha256.txt": "".join(
            f"{hashes[i.path]}  {_escape(i.path)}\n" for i in payload
        ).encode("utf-8"),
    }
    tags[SIGNED_FILE] = "".join(
        f"{sha256(content).hexdigest()}  {name}\n" for name, content in sorted(tags.items())
    ).encode("utf-8")
    tags[SIGNATURE_FILE] = signature_file(signer, tags[SIGNED_FILE])
    return tags


def _escape(path: str) -> str:
    """BagIt 1.0 manifest paths percent-encode line breaks and '%'."""
    return path.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


@contextlib.contextmanager
def _unnamed_file(
    folder: Path,
) -> Iterator[tuple[BinaryIO, Callable[[Path, bool], None]]]:
    """A file in ``folder`` that gets a name only when ``place(target)`` is called."""
    tmpfile = getattr(os, "O_TMPFILE", 0)
    fd = -1
    if tmpfile:
        try:
            fd = os.open(folder, tmpfile | os.O_RDWR, 0o644)
        except OSError:
            fd = -1  # this file system cannot make unnamed files
    partial: Path | None = None
    if fd < 0:
        fd, name = tempfile.mkstemp(dir=folder, prefix=PARTIAL_PREFIX)
        partial = Path(name)
    out = os.fdopen(fd, "w+b")
    placed = False

    def place(target: Path, overwrite: bool) -> None:
        nonlocal placed
        out.flush()
        os.fsync(out.fileno())
        if partial is not None:
            os.replace(partial, target)
        elif overwrite:
            # Link under a partial's name, then rename over the old bundle: the target
            # path always holds either the old bundle or the new one, never nothing.
            staged = folder / f"{PARTIAL_PREFIX}{secrets.token_hex(8)}"
            _link_open_file(out.fileno(), staged)
            os.replace(staged, target)
        else:
            _link_open_file(out.fileno(), target)
        fsync_directory(target.parent)
        placed = True

    try:
        yield out, place
    finally:
        out.close()
        if partial is not None and not placed:
            partial.unlink(missing_ok=True)


_AT_FDCWD = -100
_AT_SYMLINK_FOLLOW = 0x400


def _link_open_file(fd: int, target: Path) -> None:
    """Give an unnamed (O_TMPFILE) file a name. Python's os.link cannot: it does not
    follow the /proc/self/fd link, so call linkat with AT_SYMLINK_FOLLOW directly."""
    import ctypes  # only a pack needs it; verify imports this module for its constants

    libc = ctypes.CDLL(None, use_errno=True)
    source = f"/proc/self/fd/{fd}".encode()
    if libc.linkat(_AT_FDCWD, source, _AT_FDCWD, os.fsencode(target), _AT_SYMLINK_FOLLOW) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno), str(target))


def sweep_partials(folder: Path, *, idle_s: float = 600.0) -> int:
    """Remove partial bundles a crash left behind, and the plain-bundle folders that
    encrypted packs of earlier versions staged beside their target.

    A partial untouched for ``idle_s`` is abandoned; a younger one may belong to a pack
    still running in another window or process, so it is left alone.
    """
    removed = 0
    now = time.time()
    leftovers = [*folder.glob(f"{PARTIAL_PREFIX}*"), *folder.glob(f"{LEGACY_PLAIN_PREFIX}*")]
    for leftover in leftovers:
        try:
            info = leftover.lstat()
            if now - info.st_mtime < idle_s:
                continue
            if stat.S_ISDIR(info.st_mode):
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
        except FileNotFoundError:
            continue  # its packer finished or swept it meanwhile
        removed += 1
    return removed

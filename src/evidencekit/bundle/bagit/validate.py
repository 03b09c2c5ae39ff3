"""Validating an unpacked BagIt bag (RFC 8493, and the 0.97 draft before it).

Checks the declaration, bag-info.txt, every payload and tag manifest, that the
payload is complete (no file missing, none unlisted), every checksum and the
Payload-Oxum. Problems that make the bag untrustworthy are errors; oddities the
BagIt community tolerates (a './' prefix, case twins on case-insensitive disks,
system files) are warnings.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from evidencekit.bundle.bagit.bagit_text import (
    HASH_LENGTHS,
    Declaration,
    ManifestLine,
    TagError,
    parse_bag_info,
    parse_fetch,
    parse_manifest,
    read_declaration,
    read_tag_text,
)
from evidencekit.bundle.bagit.bagit_write import (
    encode_path,
    manifest_text,
    payload_oxum,
    write_bag_tags,
)
from evidencekit.bundle.errors import printable
from evidencekit.domain.tasks import Reporter

CHUNK = 1 << 20
_DIGITS = re.compile(r"[0-9]{1,20}")
SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini", ".directory"}


__all__ = [
    "BagProblem",
    "BagReport",
    "encode_path",
    "manifest_text",
    "payload_oxum",
    "validate_bag",
    "write_bag_tags",
]


@dataclass(frozen=True)
class BagProblem:
    """One thing wrong with a bag: the file (bag-relative, escaped for display) and why."""

    file: str
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", printable(self.file))

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass
class BagReport:
    path: Path
    version: str = ""
    info: list[tuple[str, str]] = field(default_factory=list)
    errors: list[BagProblem] = field(default_factory=list)
    warnings: list[BagProblem] = field(default_factory=list)
    payload_sha256: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors

    def info_value(self, label: str) -> str | None:
        return next((v for k, v in self.info if k.lower() == label.lower()), None)


def validate_bag(
    bag: Path,
    *,
    allow_fetch: bool = True,
    reporter: Reporter | None = None,
) -> BagReport:
    """Everything wrong with the bag in ``report.errors``; never raises for bad bags."""
    report = BagReport(bag)
    try:
        _validate(bag, report, allow_fetch, reporter or Reporter.silent())
    except TagError as problem:
        report.errors.append(BagProblem(problem.file, problem.reason))
    except OSError as error:  # e.g. a folder bag we may not read; still a report, not a crash
        where = Path(error.filename).name if error.filename else "the bag"
        report.errors.append(BagProblem(where, f"it cannot be read ({error.strerror or error})."))
    return report


def _inventory(bag: Path, report: BagReport) -> tuple[set[str], set[str]]:
    """(payload files, tag files) on disk as bag-relative paths. Links and special
    files are errors and left out, so nothing outside the bag is ever read."""
    payload: set[str] = set()
    tags: set[str] = set()
    try:
        data_mode = os.lstat(bag / "data").st_mode
    except FileNotFoundError:
        data_mode = 0
    if not stat.S_ISDIR(data_mode):
        raise TagError("data/", "the payload folder is missing (or is a link).")
    for folder, dirs, files in os.walk(bag):
        for name in dirs + files:
            full = Path(folder, name)
            relative = full.relative_to(bag).as_posix()
            mode = os.lstat(full).st_mode
            if stat.S_ISLNK(mode):
                report.errors.append(BagProblem(relative, "it is a link."))
            elif stat.S_ISREG(mode):
                (payload if relative.startswith("data/") else tags).add(relative)
            elif not stat.S_ISDIR(mode):
                report.errors.append(BagProblem(relative, "it is not a regular file."))
    return payload, tags


def open_inside(bag: Path, relative: str) -> BinaryIO:
    """``relative`` opened for reading without following any link on the way, and only
    if it is a regular file (O_NONBLOCK, so a FIFO swapped in cannot hang the read)."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    parts = relative.split("/")
    folder = os.open(bag, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for part in parts[:-1]:
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | nofollow, dir_fd=folder)
            os.close(folder)
            folder = inner
        fd = os.open(parts[-1], os.O_RDONLY | nofollow | os.O_NONBLOCK, dir_fd=folder)
    finally:
        os.close(folder)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", relative)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _manifests(bag: Path, prefix: str, declaration: Declaration) -> dict[str, list[ManifestLine]]:
    found = {}
    for path in sorted(bag.glob(f"{prefix}-*.txt")):
        algorithm = path.name[len(prefix) + 1 : -4]
        if algorithm not in HASH_LENGTHS:
            raise TagError(path.name, f"the checksum algorithm {algorithm!r} is not supported.")
        text = read_tag_text(path, declaration.encoding, path.name)
        found[algorithm] = parse_manifest(text, algorithm, path.name, declaration.version)
    return found


def _validate(
    bag: Path,
    report: BagReport,
    allow_fetch: bool,
    reporter: Reporter,
) -> None:
    declaration = read_declaration(bag)
    report.version = "{}.{}".format(*declaration.version)
    if declaration.problem:
        report.errors.append(BagProblem("bagit.txt", declaration.problem))
    payload, tags = _inventory(bag, report)
    if os.path.lexists(bag / "bag-info.txt"):
        # A malformed bag-info.txt is reported, and the checksums are still checked.
        try:
            text = read_tag_text(bag / "bag-info.txt", declaration.encoding, "bag-info.txt")
            report.info = parse_bag_info(text)
        except TagError as problem:
            report.errors.append(BagProblem(problem.file, problem.reason))
    fetched: set[str] = set()
    if os.path.lexists(bag / "fetch.txt"):
        if not allow_fetch:
            raise TagError("fetch.txt", "a bundle must carry every file; fetching is not allowed.")
        text = read_tag_text(bag / "fetch.txt", declaration.encoding, "fetch.txt")
        fetched = set(parse_fetch(text, declaration.version))
    payload_manifests = _manifests(bag, "manifest", declaration)
    tag_manifests = _manifests(bag, "tagmanifest", declaration)
    if not payload_manifests:
        raise TagError("manifest-<algorithm>.txt", "the bag has no payload manifest.")
    expected: dict[str, dict[str, str]] = defaultdict(dict)  # path -> algorithm -> digest
    listed_anywhere = {line.path for lines in payload_manifests.values() for line in lines}
    for algorithm, lines in payload_manifests.items():
        _collect(report, f"manifest-{algorithm}.txt", algorithm, lines, expected, declaration, True)
        listed = {line.path for line in lines}
        for path in sorted(payload - listed):
            # BagIt 1.0: every manifest lists every file; 0.97 asked only for one of them.
            if declaration.version >= (1, 0) or path not in listed_anywhere:
                report.errors.append(
                    BagProblem(path, f"the file is not listed in manifest-{algorithm}.txt.")
                )
    for algorithm, lines in tag_manifests.items():
        _collect(
            report, f"tagmanifest-{algorithm}.txt", algorithm, lines, expected, declaration, False
        )
    lost_system_files = _check_presence(report, expected, payload | tags, fetched)
    _check_checksums(bag, report, expected, payload | tags, reporter)
    _check_oxum(bag, report, payload, lost_system_files)


def _collect(
    report: BagReport,
    manifest: str,
    algorithm: str,
    lines: list[ManifestLine],
    expected: dict[str, dict[str, str]],
    declaration: Declaration,
    payload: bool,
) -> None:
    seen: dict[str, str] = {}
    for line in lines:
        if line.warning:
            report.warnings.append(BagProblem(manifest, f"line {line.line}: {line.warning}."))
        if payload != line.path.startswith("data/"):
            kind = "payload" if payload else "tag"
            raise TagError(manifest, f"line {line.line}: {line.path!r} is not a {kind} file.")
        if line.path in seen:
            if seen[line.path] != line.digest:
                raise TagError(manifest, f"{line.path!r} is listed twice with different checksums.")
            if declaration.version >= (1, 0):
                raise TagError(manifest, f"{line.path!r} is listed twice.")
            report.warnings.append(BagProblem(manifest, f"{line.path!r} is listed twice."))
        seen[line.path] = line.digest
        expected[line.path][algorithm] = line.digest


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def _check_presence(
    report: BagReport, expected: dict[str, dict[str, str]], on_disk: set[str], fetched: set[str]
) -> int:
    """Record missing and doubtful files; returns how many listed system files are missing."""
    lost = 0
    folded = defaultdict(list)
    for path in expected:
        folded[_fold(path)].append(path)
    disk_folded = {_fold(p) for p in on_disk}
    for path in sorted(expected):
        twins = folded[_fold(path)]
        if len(twins) > 1:
            report.warnings.append(
                BagProblem(path, "listed again with different case or accents: "
                           + ", ".join(repr(t) for t in twins if t != path) + ".")
            )  # fmt: skip
        if path in on_disk or path in fetched:
            continue
        if path.rsplit("/", 1)[-1].casefold() in SYSTEM_FILES:
            report.warnings.append(BagProblem(path, "a listed system file is missing."))
            lost += 1
        elif len(twins) > 1 and _fold(path) in disk_folded:
            report.warnings.append(BagProblem(path, "present only under another spelling."))
        else:
            report.errors.append(BagProblem(path, "the file is listed but missing."))
    for path in sorted(on_disk):
        if path.rsplit("/", 1)[-1].casefold() in SYSTEM_FILES:
            report.warnings.append(BagProblem(path, "a system file is part of the payload."))
    return lost


def _check_checksums(
    bag: Path,
    report: BagReport,
    expected: dict[str, dict[str, str]],
    on_disk: set[str],
    reporter: Reporter,
) -> None:
    # Only files the inventory found without following a link: a listed path that runs
    # through a linked folder is never read (its checksum would leak what lies outside).
    present = {p: algos for p, algos in expected.items() if p in on_disk}
    total = sum(os.lstat(bag / p).st_size for p in present) or 1
    done = 0
    for path, algorithms in sorted(present.items()):
        hashers = {name: hashlib.new(name) for name in algorithms}
        if "sha256" not in hashers and path.startswith("data/"):
            hashers["sha256"] = hashlib.sha256()  # callers use it to match metadata
        try:
            with open_inside(bag, path) as handle:
                while chunk := handle.read(CHUNK):
                    reporter.check()
                    for hasher in hashers.values():
                        hasher.update(chunk)
                    done += len(chunk)
                    reporter.report(done, total, f"Checking {path}")
        except OSError as error:
            report.errors.append(BagProblem(path, f"it cannot be read ({error.strerror})."))
            continue
        for name, digest in algorithms.items():
            if hashers[name].hexdigest() != digest:
                report.errors.append(BagProblem(path, f"its {name} checksum does not match."))
        if path.startswith("data/"):
            report.payload_sha256[path] = hashers["sha256"].hexdigest()


def _check_oxum(bag: Path, report: BagReport, payload: set[str], lost: int) -> None:
    oxum = report.info_value("Payload-Oxum")
    if oxum is None:
        return
    octets, _dot, streams = oxum.partition(".")
    # ASCII digits only, and few of them: int() takes '²' and 5,000-digit runs badly.
    if not (_DIGITS.fullmatch(octets) and _DIGITS.fullmatch(streams)):
        shown = printable(oxum[:40])
        report.errors.append(BagProblem("bag-info.txt", f"Payload-Oxum '{shown}' is malformed."))
        return
    size = sum(os.lstat(bag / p).st_size for p in payload)
    if (int(octets), int(streams)) == (size, len(payload)):
        return
    # Copy tools often drop .DS_Store and the like; when that explains the
    # difference exactly in count (their size is unknown), it is only a warning.
    if lost and int(streams) == len(payload) + lost and int(octets) >= size:
        report.warnings.append(
            BagProblem("bag-info.txt", "Payload-Oxum counts system files that are missing.")
        )
    else:
        report.errors.append(
            BagProblem(
                "bag-info.txt",
                f"Payload-Oxum says {octets} bytes in {streams} files; "
                f"the payload has {size} bytes in {len(payload)} files.",
            )
        )

"""Hostile archives, generated: each names the check it must trip.

Each case gives the archive's bytes, the ``code`` the rejection must carry, the
entry it must name (None: not checked, "": the archive as a whole), a fragment of
the reason, and whether it must be refused before anything is written
("inspect") or while inflating ("extract"), plus the Limits to use.
"""

from __future__ import annotations

import os
import struct
import zlib

import pytest

from evidencekit.bundle.zip.zipinspect import Limits
from tests.bundle.zipcraft import Entry, build, deflate, deflated_zeros, extra_block, zeros_crc

OK = b"data/ok.txt"
MB = 1 << 20
GB = 1 << 30


def plain(name: bytes = OK, **kw: object) -> Entry:
    return Entry(name, b"hello", **kw)  # type: ignore[arg-type]


def nested_entry() -> bytes:
    """A second entry whose local header hides inside the first entry's stored data."""
    inner = Entry(b"data/b.txt", b"hi")
    inner_bytes = build([inner])
    local_len = 30 + len(inner.name) + len(inner.data)
    outer = Entry(b"data/a.txt", inner_bytes[:local_len])
    return build([outer, Entry(b"data/b.txt", b"hi", central_offset=30 + len(outer.name))])


def bomb(size: int, declared: int, **kw: object) -> Entry:
    """Deflated zeros inflating to ``size`` whose headers (both agreeing) say ``declared``."""
    crc = zeros_crc(declared) if declared <= 256 * MB else 0
    fields: dict[str, object] = {
        "method": 8,
        "payload": b"".join(deflated_zeros(size)),
        "central_usize": declared,
        "local_usize": declared,
        "central_crc": crc,
        "local_crc": crc,
    }
    return Entry(b"data/bomb", b"", **(fields | kw))  # type: ignore[arg-type]


def descriptor_bomb() -> Entry:
    """A streamed entry (sizes only in the data descriptor) that understates its size."""
    entry = bomb(HONEST_BOMB, 1000, flags=0x808, local_usize=0, local_crc=0)
    assert entry.payload is not None
    entry.descriptor = struct.pack(
        "<4sIII", b"PK\x07\x08", zeros_crc(1000), len(entry.payload), 1000
    )
    return entry


def two_end_records() -> bytes:
    """A comment ending in a second end record that also reaches the end of the file."""
    fake = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 0, 0, 0, 0, 0)
    return build([plain()], comment=fake)


def unicode_path(name: bytes) -> bytes:
    return extra_block(0x7075, b"\x01" + struct.pack("<I", zlib.crc32(OK)) + name)


HONEST_BOMB = 200 * MB
CASES = []


def case(
    case_id: str,
    archive: bytes,
    code: str,
    entry: str | None,
    reason: str,
    stage: str = "inspect",
    limits: Limits | None = None,
) -> None:
    CASES.append(pytest.param(archive, code, entry, reason, stage, limits, id=case_id))


# Paths that reach out of the folder or cannot be written the same way everywhere.
case("absolute-path", build([plain(b"/etc/passwd")]), "path", "/etc/passwd", "absolute")
case("dot-dot", build([plain(b"../evil.txt")]), "path", "../evil.txt", "'..'")
case("dot-dot-inside", build([plain(b"data/../../evil")]), "path", "data/../../evil", "'..'")
case("backslash-traversal", build([plain(b"..\\..\\evil")]), "path", "..\\..\\evil", "backslash")
case("backslash-inside", build([plain(b"data\\x.txt")]), "path", "data\\x.txt", "backslash")
case("drive-letter", build([plain(b"C:evil.txt")]), "path", "C:evil.txt", "drive letter")
case("drive-letter-backslash", build([plain(b"C:\\x")]), "path", "C:\\x", "backslash")
case("drive-letter-slash", build([plain(b"C:/Windows/x")]), "path", "C:/Windows/x", "drive letter")
case(
    "unc-backslash", build([plain(b"\\\\server\\share\\x")]), "path", "\\\\server\\share\\x", "UNC"
)
case("unc-slash", build([plain(b"//server/share/x")]), "path", "//server/share/x", "UNC")
case("dot-component", build([plain(b"data/./x")]), "path", "data/./x", "'.'")
case("empty-component", build([plain(b"data//x")]), "path", "data//x", "empty part")
case("empty-name", build([plain(b"")]), "path", "", "empty name")
case("nul-in-name", build([plain(b"data/x\x00.txt")]), "path", "data/x\\u0000.txt", "control")
case("newline-in-name", build([plain(b"data/x\n.txt")]), "path", "data/x\\u000a.txt", "control")
case("terminal-escape", build([plain(b"data/\x1b[2Jx")]), "path", "data/\\u001b[2Jx", "control")
case(
    "bidi-override",
    build([plain("data/report\u202etxt.exe".encode())]),
    "path",
    "data/report\\u202etxt.exe",
    "control",
)
case("over-long-path", build([plain(b"data/" + b"a/" * 600 + b"x")]), "path", None, "longer than")
case("over-long-part", build([plain(b"data/" + b"x" * 300)]), "path", None, "too long")
case(
    "long-path-tight-limit",
    build([plain(b"data/" + b"x" * 60)]),
    "path",
    None,
    "longer than 50 bytes",
    limits=Limits(max_path_bytes=50),
)
case("windows-device", build([plain(b"data/CON.txt")]), "path", "data/CON.txt", "Windows")
case("windows-forbidden", build([plain(b"data/why?.txt")]), "path", "data/why?.txt", "Windows")
case("trailing-dot", build([plain(b"data/x.")]), "path", "data/x.", "Windows")
case("trailing-space", build([plain(b"data/x ")]), "path", "data/x ", "Windows")
case("alternate-stream", build([plain(b"data/x:stream")]), "path", "data/x:stream", "Windows")
case(
    "undeclared-charset",
    build([plain("data/é".encode("latin-1"), flags=0)]),
    "path",
    None,
    "character set",
)
case("bad-utf8", build([plain(b"data/\xff\xfe")]), "path", None, "not valid UTF-8")

# Anything but plain files and folders, however the host field dresses it up.
case("symlink", build([plain(b"data/link", external=0o120777 << 16)]), "link", "data/link", "link")
case(
    "symlink-dos-host",  # 7-Zip on Windows writes a Unix mode under the FAT host id
    build([plain(b"data/link", made_by=20, external=(0o120777 << 16) | 0x8020)]),
    "link",
    "data/link",
    "link",
)
case(
    "reparse-point",
    build([plain(b"data/junction", made_by=(10 << 8) | 20, external=0x400)]),
    "link",
    "data/junction",
    "link",
)
case(
    "fifo", build([plain(b"data/pipe", external=0o010644 << 16)]), "special", "data/pipe", "special"
)
case(
    "device", build([plain(b"data/tty", external=0o020644 << 16)]), "special", "data/tty", "special"
)
case("socket", build([plain(b"data/s", external=0o140644 << 16)]), "special", "data/s", "special")
case(
    "dir-mode-file-name",
    build([plain(b"data/d", external=0o040755 << 16)]),
    "special",
    None,
    "folder",
)
case("dos-dir-attr-file-name", build([plain(b"data/d", external=0x10)]), "special", None, "folder")
case("folder-with-content", build([plain(b"data/d/")]), "special", "data/d/", "folder entry")

# Two names for one file.
case("duplicate-name", build([plain(), plain()]), "duplicate", "data/ok.txt", "appears twice")
case(
    "unicode-normalization",
    build([plain("data/Nu\u0301n\u0303ez".encode()), plain("data/Núñez".encode())]),
    "duplicate",
    "data/Núñez",
    "accents",
)
case(
    "case-collision",
    build([plain(b"data/A.txt"), plain(b"data/a.txt")]),
    "duplicate",
    "data/a.txt",
    "case",
)
case(
    "sharp-s-collision",
    build([plain("data/straße".encode()), plain(b"data/STRASSE")]),
    "duplicate",
    "data/STRASSE",
    "case",
)
case(
    "folder-case-collision",
    build([plain(b"data/D/x"), plain(b"data/d/x")]),
    "duplicate",
    "data/d/x",
    "case",
)
case(
    "file-and-folder",
    build([plain(b"data/a"), plain(b"data/a/b")]),
    "duplicate",
    "data/a/b",
    "folder",
)
case(
    "file-and-folder-entry",
    build([plain(b"data/a"), Entry(b"data/a/")]),
    "duplicate",
    "data/a/",
    "collides",
)

# Encryption and compression we do not read.
case("encrypted", build([plain(flags=0x801)]), "encrypted", "data/ok.txt", "encrypted")
case("strong-encryption", build([plain(flags=0x840)]), "encrypted", "data/ok.txt", "encrypted")
case("masked-headers", build([plain(flags=0x2800)]), "encrypted", "data/ok.txt", "encrypted")
case("bzip2-method", build([plain(method=12)]), "method", "data/ok.txt", "method 12")
case("deflate64-method", build([plain(method=9)]), "method", "data/ok.txt", "method 9")
case("aes-method", build([plain(method=99)]), "method", "data/ok.txt", "method 99")

# The local header and the central directory must tell the same story.
case(
    "local-name-differs",
    build([plain(local_name=b"data/ko.txt")]),
    "mismatch",
    "data/ok.txt",
    "local header",
)
case(
    "local-name-bytes-differ",
    build([plain(local_name=b"data/ok.txT")]),
    "mismatch",
    "data/ok.txt",
    "local header",
)
case(
    "local-method-differs",
    build([plain(local_method=8)]),
    "mismatch",
    "data/ok.txt",
    "local header",
)
case("local-crc-differs", build([plain(local_crc=1234)]), "mismatch", "data/ok.txt", "local header")
case(
    "local-size-differs", build([plain(local_usize=999)]), "mismatch", "data/ok.txt", "local header"
)
case(
    "local-flags-differ",
    build([plain(local_flags=0x808)]),
    "mismatch",
    "data/ok.txt",
    "local header",
)
case(
    "stored-sizes-differ",
    build([plain(central_usize=6)]),
    "mismatch",
    "data/ok.txt",
    "sizes disagree",
)
case(
    "bad-data-descriptor",
    build([plain(flags=0x808, descriptor=b"PK\x07\x08" + bytes(12))]),
    "mismatch",
    "data/ok.txt",
    "data descriptor",
)
case(
    "descriptor-with-wrong-local-crc",
    build([plain(flags=0x808, local_crc=1234)]),
    "mismatch",
    "data/ok.txt",
    "local header",
)
case(
    "zip64-entry-with-narrow-descriptor",
    build([plain(flags=0x808, zip64=True)]),
    "mismatch",
    "data/ok.txt",
    "data descriptor",
)
case(
    "unicode-path-field-lies",
    build([plain(central_extra=unicode_path(b"../../evil"))]),
    "mismatch",
    "data/ok.txt",
    "Unicode path",
)
case(
    "unicode-path-field-lies-locally",
    build([plain(local_extra=unicode_path(b"data/other.txt"))]),
    "mismatch",
    "data/ok.txt",
    "Unicode path",
)
case(
    "repeated-extra-field",
    build([plain(central_extra=extra_block(0x5455, b"\x00") * 2)]),
    "mismatch",
    "data/ok.txt",
    "appears twice",
)
case("no-local-header", build([plain(central_offset=3)]), "mismatch", "data/ok.txt", "missing")
case(
    "local-header-past-end",
    build([plain(central_offset=10**6)]),
    "truncated",
    "data/ok.txt",
    "past the end of the file",
)

# Entries that overlap, hide data, or sit in the wrong place.
case(
    "overlapping-entries",  # two central records pointing at one local header
    build([plain(b"data/a.txt"), plain(b"data/b.txt", central_offset=0, local_name=b"data/a.txt")]),
    "mismatch",
    "data/b.txt",
    "local header",
)
case("entry-inside-entry", nested_entry(), "overlap", "data/b.txt", "overlaps")
case(
    "zip-in-zip-prefix",
    build([plain()], prefix=build([plain(b"data/x")])),
    "layout",
    None,
    "before the first entry",
)
case(
    "prepended-data",
    build([plain()], prefix=b"MZ" + bytes(100)),
    "layout",
    None,
    "before the first entry",
)
case(
    "hidden-gap",
    build([plain(b"data/a"), plain(b"data/b")], gap=b"secret"),
    "layout",
    None,
    "between entries",
)
case("trailing-data", build([plain()], trailing=b"more"), "trailing-data", None, "after the end")
case("two-end-records", two_end_records(), "layout", None, "more than one end record")
case("central-directory-moved", build([plain()], cd_offset_shift=-4), "layout", None, "not where")
case(
    "end-record-undercounts",
    build([plain(b"data/a"), plain(b"data/b")], eocd_count=1),
    "layout",
    None,
    "does not account",
)
case(
    "end-record-overcounts",
    build([plain(b"data/a"), plain(b"data/b")], eocd_count=3),
    "layout",
    None,
    "central directory",
)
case("truncated-archive", build([plain()])[:-30], "not-zip", None, "no end record")
case("truncated-entry", build([Entry(OK, b"x" * 5000)])[:2000], "not-zip", None, "no end record")
case("not-a-zip", os.urandom(4096), "not-zip", None, "not a ZIP")
case("empty-file", b"", "not-zip", None, "too short")
case(
    "too-many-entries",
    build([plain(f"data/{i}.txt".encode()) for i in range(51)]),
    "count",
    "",
    "at most 50",
    limits=Limits(max_entries=50),
)
case("multi-disk", build([plain()], eocd_disk=1), "multi-disk", None, "several disks")
case("entry-on-other-disk", build([plain(disk=2)]), "multi-disk", "data/ok.txt", "another disk")

# ZIP64 records that are missing, malformed or hide something.
case(
    "zip64-end-missing",
    build([plain()])[:-22]
    + b"PK\x05\x06"
    + struct.pack("<HHHHIIH", 0, 0, 1, 1, 0xFFFFFFFF, 0xFFFFFFFF, 0),
    "zip64",
    "",
    "ZIP64 end record is missing",
)
case(
    "zip64-record-gap",
    build([plain()], zip64_end=True, zip64_record_gap=b"hidden"),
    "layout",
    None,
    "among its end records",
)
case(
    "zip64-multi-disk",
    build([plain()], zip64_end=True, zip64_disks=2),
    "multi-disk",
    None,
    "several disks",
)
case(
    "zip64-count-lies",
    build([plain()], zip64_end=True, zip64_count=5),
    "layout",
    None,
    "central directory",
)
case(
    "zip64-extra-missing",
    build([plain(central_usize=0xFFFFFFFF)]),
    "zip64",
    "data/ok.txt",
    "extended field",
)

# Bombs: refused on what they declare, or stopped while inflating when they lie.
case(
    "bomb-honest-size",
    build([bomb(HONEST_BOMB, HONEST_BOMB)]),
    "bomb",
    "data/bomb",
    "100:1",
)
case(
    "bomb-8gib-zip64-declared",
    build([bomb(8 * GB, 8 * GB, zip64=True)]),
    "bomb",
    "data/bomb",
    "100:1",
)
case(
    "bomb-understates-size",
    build([bomb(HONEST_BOMB, 1000)]),
    "bomb",
    "data/bomb",
    "more than it declares",
    "extract",
)
case(
    "bomb-8gib-zip64-understated",
    build([bomb(8 * GB, MB, zip64=True)]),
    "bomb",
    "data/bomb",
    "more than it declares",
    "extract",
)
case(
    "bomb-understates-in-descriptor",
    build([descriptor_bomb()]),
    "bomb",
    "data/bomb",
    "more than it declares",
    "extract",
)
case(
    "bomb-lies-in-one-header",
    build(
        [
            Entry(
                b"data/bomb",
                b"x",
                method=8,
                payload=b"".join(deflated_zeros(HONEST_BOMB)),
                central_usize=1000,
                central_crc=0,
            )
        ]
    ),
    "mismatch",
    "data/bomb",
    "local header",
)
case(
    "total-cap",
    build([Entry(f"data/{i}".encode(), os.urandom(200_000)) for i in range(5)]),
    "bomb",
    "data/2",
    "more than allowed",
    limits=Limits(max_total_bytes=500_000),
)
case(
    "entry-cap",
    build([bomb(4 * MB, 4 * MB)]),
    "bomb",
    "data/bomb",
    "larger than allowed",
    limits=Limits(max_entry_bytes=MB, max_ratio=10_000),
)

# Damaged data, found only by reading it.
case(
    "bad-crc",
    build([plain(central_crc=7, local_crc=7)]),
    "corrupt",
    "data/ok.txt",
    "CRC",
    "extract",
)
case(
    "corrupt-deflate",
    build([Entry(OK, b"hello", method=8, payload=b"\xff" * 20)]),
    "corrupt",
    "data/ok.txt",
    "corrupt",
    "extract",
)
case(
    "deflate-cut-short",
    build([Entry(OK, b"hi " * 100, method=8, payload=deflate(b"hi " * 100)[:-3])]),
    "corrupt",
    "data/ok.txt",
    "incomplete",
    "extract",
)
case(
    "bytes-after-deflate-end",
    build([Entry(OK, b"hello", method=8, payload=deflate(b"hello") + b"smuggled")]),
    "corrupt",
    "data/ok.txt",
    "after its data",
    "extract",
)
case(
    "deflate-shorter-than-declared",
    build([Entry(OK, b"hello", method=8, central_usize=6, local_usize=6)]),
    "corrupt",
    "data/ok.txt",
    "shorter than it declares",
    "extract",
)

"""Reading a ZIP's structure from raw bytes and refusing anything ambiguous or hostile.

Nothing is extracted here. The end records, the central directory and every
local header are parsed by hand (not with zipfile, which is lenient by design)
so that an archive whose parts disagree, overlap, hide data or point outside
the bag is rejected before a single byte is written. We reject, never repair:
any archive two tools could read differently is refused.
"""

from __future__ import annotations

import re
import stat
import struct
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from evidencekit.bundle.errors import BundleRejected

EOCD = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_EOCD = b"PK\x06\x06"
CENTRAL = b"PK\x01\x02"
LOCAL = b"PK\x03\x04"
DESCRIPTOR = b"PK\x07\x08"
STORED, DEFLATED = 0, 8
FLAG_ENCRYPTED, FLAG_DESCRIPTOR, FLAG_UTF8 = 0x1, 0x8, 0x800
FLAG_STRONG_ENCRYPTION, FLAG_MASKED_HEADERS = 0x40, 0x2000
_ANY_ENCRYPTION = FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS
_MUST_AGREE = _ANY_ENCRYPTION | FLAG_DESCRIPTOR | FLAG_UTF8
SENTINEL16, SENTINEL32 = 0xFFFF, 0xFFFFFFFF
DOS_DIRECTORY, DOS_REPARSE_POINT = 0x10, 0x400
ZIP64_TAG, UNICODE_PATH_TAG = 0x0001, 0x7075
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_WINDOWS_FORBIDDEN = set('<>:"|?*')
# Control characters and bidirectional overrides: a name must read as what it is.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Limits:
    """Caps that bound the work and the disk a hostile archive can demand."""

    max_entries: int = 10_000
    max_path_bytes: int = 1024
    max_component_bytes: int = 255
    max_ratio: int = 100
    ratio_floor_bytes: int = 64 * 1024  # tiny files may compress well; judge ratio past this
    max_entry_bytes: int = 16 * 2**30
    max_total_bytes: int = 64 * 2**30


@dataclass(frozen=True)
class ZipEntry:
    name: str
    method: int
    flags: int
    crc: int
    compressed_size: int
    size: int
    header_offset: int
    data_offset: int
    end_offset: int  # just past the data and any data descriptor
    is_dir: bool


@dataclass(frozen=True)
class _Central:
    """One central-directory record, its ZIP64 values already resolved."""

    raw: bytes
    name: str
    flags: int
    method: int
    crc: int
    csize: int
    size: int
    offset: int
    is_dir: bool


def _reject(entry: str, reason: str, code: str) -> BundleRejected:
    return BundleRejected(entry, reason, code)


def _read_at(handle: BinaryIO, offset: int, count: int, what: str) -> bytes:
    handle.seek(offset)
    data = handle.read(count)
    if len(data) != count:
        raise _reject("", f"the archive is truncated ({what} is cut off).", "truncated")
    return data


def _end_of_central_directory(handle: BinaryIO, size: int) -> tuple[int, int, int, int]:
    """(entry count, central directory offset, its size, comment length), from the end
    records."""
    if size < 22:
        raise _reject("", "this is not a ZIP archive (it is too short).", "not-zip")
    tail_start = max(0, size - 22 - 0xFFFF)
    tail = _read_at(handle, tail_start, size - tail_start, "the end record")
    # The true end record is the one whose comment reaches exactly the end of the file.
    # A second candidate (a signature inside the comment) would make it ambiguous.
    candidates = []
    at = tail.rfind(EOCD)
    while at >= 0:
        if at + 22 <= len(tail):
            (comment,) = struct.unpack("<H", tail[at + 20 : at + 22])
            if at + 22 + comment == len(tail):
                candidates.append(at)
        at = tail.rfind(EOCD, 0, at)
    if not candidates:
        if EOCD in tail:
            raise _reject("", "there is data after the end of the archive.", "trailing-data")
        raise _reject("", "this is not a ZIP archive (no end record).", "not-zip")
    if len(candidates) > 1:
        raise _reject("", "the archive has more than one end record.", "layout")
    at = candidates[0]
    eocd_pos = tail_start + at
    disk, cd_disk, here, total, cd_size, cd_offset, comment = struct.unpack(
        "<HHHHIIH", tail[at + 4 : at + 22]
    )
    if disk or cd_disk or here != total:
        raise _reject("", "archives split over several disks are not accepted.", "multi-disk")
    has_locator = eocd_pos >= 20 and _read_at(handle, eocd_pos - 20, 4, "") == ZIP64_LOCATOR
    if not has_locator:
        if SENTINEL16 in (here, total) or SENTINEL32 in (cd_size, cd_offset):
            raise _reject("", "the ZIP64 end record is missing.", "zip64")
        if cd_offset + cd_size != eocd_pos:
            raise _reject("", "the central directory is not where the archive says.", "layout")
        return total, cd_offset, cd_size, comment
    count64, offset64, size64, record_pos = _zip64_end(handle, eocd_pos)
    # The 32-bit fields must either say "see ZIP64" or agree with it.
    for short, long, sentinel in ((total, count64, SENTINEL16), (cd_size, size64, SENTINEL32),
                                  (cd_offset, offset64, SENTINEL32)):  # fmt: skip
        if short not in (sentinel, long):
            raise _reject("", "the ZIP64 end record disagrees with the end record.", "zip64")
    if offset64 + size64 != record_pos:
        raise _reject("", "the central directory is not where the archive says.", "layout")
    return count64, offset64, size64, comment


def _zip64_end(handle: BinaryIO, eocd_pos: int) -> tuple[int, int, int, int]:
    """(count, central directory offset, size, record position) from the ZIP64 records."""
    locator = _read_at(handle, eocd_pos - 20, 20, "the ZIP64 locator")
    record_disk, record_pos, disks = struct.unpack("<IQI", locator[4:])
    if record_disk or disks != 1:
        raise _reject("", "archives split over several disks are not accepted.", "multi-disk")
    if record_pos + 56 > eocd_pos - 20:
        raise _reject("", "the ZIP64 end record is malformed.", "zip64")
    record = _read_at(handle, record_pos, 56, "the ZIP64 end record")
    (length, _made, _need, disk, cd_disk, here, total, cd_size, cd_offset) = struct.unpack(
        "<QHHIIQQQQ", record[4:56]
    )
    if record[:4] != ZIP64_EOCD or length < 44:
        raise _reject("", "the ZIP64 end record is malformed.", "zip64")
    if record_pos + 12 + length != eocd_pos - 20:
        raise _reject("", "the archive hides data among its end records.", "layout")
    if disk or cd_disk or here != total:
        raise _reject("", "archives split over several disks are not accepted.", "multi-disk")
    return total, cd_offset, cd_size, record_pos


def _extra_fields(extra: bytes, name: str) -> dict[int, bytes]:
    """The extra field's blocks by tag; a repeated tag would be read two ways, so refuse it."""
    blocks: dict[int, bytes] = {}
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack("<HH", extra[pos : pos + 4])
        if pos + 4 + length > len(extra):
            break  # padding some writers leave; it carries nothing we read
        if tag in blocks:
            raise _reject(name, "an extra field appears twice in one header.", "mismatch")
        blocks[tag] = extra[pos + 4 : pos + 4 + length]
        pos += 4 + length
    return blocks


def _zip64_values(
    blocks: dict[int, bytes], wanted: list[tuple[str, int]], name: str
) -> dict[str, int]:
    """The values of the overflowed fields (name, byte width), read in order from the
    ZIP64 field."""
    if not wanted:
        return {}
    body = blocks.get(ZIP64_TAG)
    need = sum(width for _, width in wanted)
    if body is None or len(body) < need:
        raise _reject(name, "a ZIP64 size is missing its extended field.", "zip64")
    values, pos = {}, 0
    for field, width in wanted:
        values[field] = int.from_bytes(body[pos : pos + width], "little")
        pos += width
    return values


def _check_unicode_path(blocks: dict[int, bytes], name: str) -> None:
    """Info-ZIP's Unicode path field overrides the name in some tools: it must agree."""
    body = blocks.get(UNICODE_PATH_TAG)
    if body is not None and body[5:] != name.encode("utf-8"):
        raise _reject(name, "its Unicode path field names a different file.", "mismatch")


def check_name(raw: bytes, flags: int, limits: Limits) -> str:
    """The entry's path if it is a safe, portable relative path; otherwise reject it."""
    shown = raw.decode("utf-8", "replace")
    if flags & FLAG_UTF8:
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _reject(shown, "the name is not valid UTF-8.", "path") from None
    elif raw.isascii():
        name = raw.decode("ascii")
    else:
        raise _reject(shown, "the name's character set is not declared.", "path")
    if not name:
        raise _reject(shown, "an entry has an empty name.", "path")
    if len(raw) > limits.max_path_bytes:
        raise _reject(shown, f"the path is longer than {limits.max_path_bytes} bytes.", "path")
    if _HIDDEN.search(name):
        raise _reject(name, "the name contains control characters.", "path")
    if name.startswith(("//", "\\\\")):
        raise _reject(name, "the path is a network (UNC) path.", "path")
    if "\\" in name:
        raise _reject(name, "the name contains a backslash.", "path")
    if name.startswith("/"):
        raise _reject(name, "the path is absolute.", "path")
    if re.match(r"^[A-Za-z]:", name):
        raise _reject(name, "the path starts with a drive letter.", "path")
    for part in name.removesuffix("/").split("/"):
        if part in ("", ".", ".."):
            raise _reject(name, "the path contains '..', '.' or an empty part.", "path")
        if len(part.encode("utf-8")) > limits.max_component_bytes:
            raise _reject(name, "a part of the path is too long.", "path")
        if (
            _WINDOWS_DEVICES.match(part)
            or part.endswith((" ", "."))
            or _WINDOWS_FORBIDDEN.intersection(part)
        ):
            raise _reject(name, "the name is not allowed on Windows.", "path")
    return name


def _check_type(name: str, external: int) -> bool:
    """True for a folder entry; rejects links and other special files.

    The Unix mode in the high half is read whatever host the entry claims (7-Zip on
    Windows writes one too), and the DOS attributes in the low half are checked as well,
    so no reader can take the entry for a link where we took it for a file."""
    is_dir = name.endswith("/")
    kind = stat.S_IFMT(external >> 16)
    if kind == stat.S_IFLNK or external & DOS_REPARSE_POINT:
        raise _reject(name, "it is a symbolic link.", "link")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _reject(name, "it is a special file, not a regular file.", "special")
    if (kind == stat.S_IFDIR or external & DOS_DIRECTORY) and not is_dir:
        raise _reject(name, "it claims to be a folder but is named like a file.", "special")
    return is_dir


def _central_records(
    handle: BinaryIO, count: int, cd_offset: int, cd_size: int, size: int, limits: Limits
) -> list[_Central]:
    """Every central record, read sequentially: memory grows with the entry count only."""
    if count * 46 > cd_size:
        raise _reject("", "the central directory is smaller than its entries.", "layout")
    handle.seek(cd_offset)
    records: list[_Central] = []
    used = 0
    for _ in range(count):
        head = handle.read(46) if used + 46 <= cd_size else b""
        if len(head) != 46 or head[:4] != CENTRAL:
            raise _reject("", "the central directory is damaged.", "layout")
        (_made_by, _need, flags, method, _time, _date, crc, csize, usize,
         nlen, xlen, clen, disk, _internal, external, offset) = struct.unpack(
            "<HHHHHHIIIHHHHHII", head[4:]
        )  # fmt: skip
        used += 46 + nlen + xlen + clen
        if used > cd_size:
            raise _reject("", "the central directory is damaged.", "layout")
        raw = handle.read(nlen)
        extra = handle.read(xlen)
        handle.seek(clen, 1)  # the comment is never shown, so never read
        name = check_name(raw, flags, limits)
        if flags & _ANY_ENCRYPTION:
            raise _reject(name, "the entry is encrypted.", "encrypted")
        if method not in (STORED, DEFLATED):
            raise _reject(name, f"compression method {method} is not accepted.", "method")
        blocks = _extra_fields(extra, name)
        _check_unicode_path(blocks, name)
        # Only the fields holding their sentinel are in the ZIP64 field, in this order.
        fields = [("size", usize, SENTINEL32, 8), ("csize", csize, SENTINEL32, 8),
                  ("offset", offset, SENTINEL32, 8), ("disk", disk, SENTINEL16, 4)]  # fmt: skip
        overflowed = [(k, w) for k, v, sentinel, w in fields if v == sentinel]
        big = _zip64_values(blocks, overflowed, name)
        usize, csize = big.get("size", usize), big.get("csize", csize)
        offset, disk = big.get("offset", offset), big.get("disk", disk)
        if disk:
            raise _reject(name, "the entry is on another disk.", "multi-disk")
        # Checked before any seek: a ZIP64 offset near 2**64 would make seek() itself fail.
        if offset + 30 > size or csize > size - offset:
            reason = "its offset or compressed size points past the end of the file."
            raise _reject(name, reason, "truncated")
        records.append(_Central(raw, name, flags, method, crc, csize, usize, offset,
                                _check_type(name, external)))  # fmt: skip
    if used != cd_size:
        raise _reject("", "the central directory has bytes it does not account for.", "layout")
    return records


def read_entries(handle: BinaryIO, size: int, limits: Limits) -> list[ZipEntry]:
    """Every entry, checked; raises BundleRejected at the first problem."""
    return read_directory(handle, size, limits)[0]


def read_directory(handle: BinaryIO, size: int, limits: Limits) -> tuple[list[ZipEntry], int]:
    """Every entry, checked, and the length of the archive comment."""
    count, cd_offset, cd_size, comment = _end_of_central_directory(handle, size)
    if count > limits.max_entries:
        raise _reject(
            "", f"it has {count} entries; at most {limits.max_entries} are allowed.", "count"
        )
    records = _central_records(handle, count, cd_offset, cd_size, size, limits)
    seen: dict[str, str] = {}
    declared = 0
    for record in records:
        name = record.name
        if record.is_dir and record.size:
            raise _reject(name, "a folder entry has contents.", "special")
        if record.method == STORED and record.csize != record.size:
            raise _reject(name, "a stored entry's sizes disagree.", "mismatch")
        if record.size > limits.max_entry_bytes:
            raise _reject(name, "the entry is larger than allowed.", "bomb")
        _check_declared_ratio(record, limits)
        declared += record.size
        if declared > limits.max_total_bytes:
            raise _reject(name, "the bundle unpacks to more than allowed.", "bomb")
        # One key per path however a file system folds case or composes accents.
        key = unicodedata.normalize("NFC", name.removesuffix("/")).casefold()
        if key in seen:
            reason = (
                "the name appears twice."
                if seen[key] == name
                else f"the name collides with '{seen[key]}' (differs only in case or accents)."
            )
            raise _reject(name, reason, "duplicate")
        seen[key] = name
    _check_folders(seen)
    entries = [_check_local(handle, size, record) for record in records]
    _check_layout(entries, cd_offset)
    return entries, comment


def _check_declared_ratio(record: _Central, limits: Limits) -> None:
    """A declared ratio past the cap is refused before inflating (the count while
    inflating still guards entries that understate their size)."""
    if record.size > limits.ratio_floor_bytes and record.size > limits.max_ratio * max(
        record.csize, 1
    ):
        raise _reject(record.name, f"it inflates more than {limits.max_ratio}:1.", "bomb")


def _check_local(handle: BinaryIO, size: int, c: _Central) -> ZipEntry:
    name = c.name
    header = _read_at(handle, c.offset, 30, f"the header of {name!r}")
    if header[:4] != LOCAL:
        raise _reject(name, "its local header is missing.", "mismatch")
    (_need, lflags, lmethod, _time, _date, lcrc, lcsize, lusize, nlen, xlen) = struct.unpack(
        "<HHHHHIIIHH", header[4:30]
    )
    raw = _read_at(handle, c.offset + 30, nlen + xlen, f"the header of {name!r}")
    if raw[:nlen] != c.raw or lmethod != c.method or (lflags ^ c.flags) & _MUST_AGREE:
        raise _disagree(name)
    blocks = _extra_fields(raw[nlen:], name)
    _check_unicode_path(blocks, name)
    zip64 = ZIP64_TAG in blocks
    if zip64 and SENTINEL32 in (lusize, lcsize):
        # The local ZIP64 field carries both sizes, uncompressed first.
        big = _zip64_values(blocks, [("size", 8), ("csize", 8)], name)
        lusize = big["size"] if lusize == SENTINEL32 else lusize
        lcsize = big["csize"] if lcsize == SENTINEL32 else lcsize
    data_offset = c.offset + 30 + nlen + xlen
    end = data_offset + c.csize
    if c.flags & FLAG_DESCRIPTOR:
        # Streaming writers leave zeros here; anything else must still agree.
        if lcrc not in (0, c.crc) or lcsize not in (0, c.csize) or lusize not in (0, c.size):
            raise _disagree(name)
        end = _check_descriptor(handle, size, name, end, c, zip64)
    elif (lcrc, lcsize, lusize) != (c.crc, c.csize, c.size):
        raise _disagree(name)
    if end > size:
        raise _reject(name, "the archive is truncated inside this entry.", "truncated")
    return ZipEntry(name, c.method, c.flags, c.crc, c.csize, c.size, c.offset, data_offset, end,
                    c.is_dir)  # fmt: skip


def _disagree(name: str) -> BundleRejected:
    return _reject(name, "its local header disagrees with the central directory.", "mismatch")


def _check_descriptor(
    handle: BinaryIO, size: int, name: str, at: int, c: _Central, zip64: bool
) -> int:
    """Where the data descriptor ends. Its sizes are 8 bytes wide exactly when the local
    header has a ZIP64 field; its signature is optional in the specification."""
    fmt, need = ("<IQQ", 20) if zip64 else ("<III", 12)
    head = _read_at(handle, at, min(need + 4, max(0, size - at)), f"the descriptor of {name!r}")
    start = 4 if head[:4] == DESCRIPTOR else 0
    body = head[start : start + need]
    if len(body) != need or struct.unpack(fmt, body) != (c.crc, c.csize, c.size):
        raise _reject(name, "its data descriptor disagrees with the central directory.", "mismatch")
    return at + start + need


def _check_folders(names: dict[str, str]) -> None:
    """A file and a folder may not share a path ('a' and 'a/b')."""
    files = {key for key, name in names.items() if not name.endswith("/")}
    for key, name in names.items():
        parts = key.split("/")
        for depth in range(1, len(parts)):
            if "/".join(parts[:depth]) in files:
                raise _reject(name, "its folder has the same name as a file.", "duplicate")


def _check_layout(entries: list[ZipEntry], cd_offset: int) -> None:
    """Entries must tile the archive exactly: no overlap, no gaps, nothing hidden."""
    position = 0
    for entry in sorted(entries, key=lambda e: e.header_offset):
        if entry.header_offset < position:
            raise _reject(entry.name, "it overlaps another entry.", "overlap")
        if entry.header_offset > position:
            where = "before the first entry" if position == 0 else "between entries"
            raise _reject(entry.name, f"the archive hides data {where}.", "layout")
        position = entry.end_offset
    if position > cd_offset:
        raise _reject("", "an entry overlaps the central directory.", "overlap")
    if position < cd_offset:
        raise _reject("", "the archive hides data before its central directory.", "layout")

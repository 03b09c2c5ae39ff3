"""Reading a ZIP's structure from raw bytes and refusing anything ambiguous or hostile.

Nothing is extracted here. The central directory and every local header are
parsed by hand (not with zipfile, which is lenient by design) so that an
archive whose parts disagree, overlap, hide data or point outside the bag is
rejected before a single byte is written.
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
UNIX = 3
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


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


def _reject(entry: str, reason: str, code: str) -> BundleRejected:
    return BundleRejected(entry, reason, code)


def _read_at(handle: BinaryIO, offset: int, count: int, what: str) -> bytes:
    handle.seek(offset)
    data = handle.read(count)
    if len(data) != count:
        raise _reject("", f"the archive is truncated ({what} is cut off).", "truncated")
    return data


def _end_of_central_directory(handle: BinaryIO, size: int) -> tuple[int, int, int, int]:
    """(entry count, central directory offset, its size, where it must end)."""
    if size < 22:
        raise _reject("", "this is not a ZIP archive (it is too short).", "not-zip")
    tail_start = max(0, size - 22 - 0xFFFF)
    tail = _read_at(handle, tail_start, size - tail_start, "the end record")
    at = tail.rfind(EOCD)
    if at < 0:
        raise _reject("", "this is not a ZIP archive (no end record).", "not-zip")
    eocd_pos = tail_start + at
    disk, cd_disk, here, total, cd_size, cd_offset, comment = struct.unpack(
        "<HHHHIIH", tail[at + 4 : at + 22]
    )
    if eocd_pos + 22 + comment != size:
        raise _reject("", "there is data after the end of the archive.", "trailing-data")
    if disk or cd_disk or here != total:
        raise _reject("", "archives split over several disks are not accepted.", "multi-disk")
    directory_end = eocd_pos
    if 0xFFFF in (here, total) or 0xFFFFFFFF in (cd_size, cd_offset):
        if eocd_pos < 20:
            raise _reject("", "the ZIP64 end record is missing.", "zip64")
        locator = _read_at(handle, eocd_pos - 20, 20, "the ZIP64 locator")
        if locator[:4] != ZIP64_LOCATOR:
            raise _reject("", "the ZIP64 end record is missing.", "zip64")
        _disk, record_pos, disks = struct.unpack("<IQI", locator[4:])
        if disks != 1 or record_pos + 56 > eocd_pos - 20:
            raise _reject("", "the ZIP64 end record is malformed.", "zip64")
        record = _read_at(handle, record_pos, 56, "the ZIP64 end record")
        if record[:4] != ZIP64_EOCD:
            raise _reject("", "the ZIP64 end record is malformed.", "zip64")
        (_len, _made, _need, disk64, cd_disk64, here64, total, cd_size, cd_offset) = struct.unpack(
            "<QHHIIQQQQ", record[4:56]
        )
        if disk64 or cd_disk64 or here64 != total:
            raise _reject("", "archives split over several disks are not accepted.", "multi-disk")
        directory_end = record_pos
    if cd_offset + cd_size != directory_end:
        raise _reject("", "the central directory is not where the archive says it is.", "layout")
    return total, cd_offset, cd_size, directory_end


def _zip64_values(extra: bytes, wanted: list[str]) -> dict[str, int]:
    """The ZIP64 extended-information field's values for the fields that overflowed."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack("<HH", extra[pos : pos + 4])
        body = extra[pos + 4 : pos + 4 + length]
        if tag == 0x0001:
            if len(body) < 8 * len(wanted):
                break
            return {
                name: struct.unpack("<Q", body[8 * i : 8 * i + 8])[0]
                for i, name in enumerate(wanted)
            }
        pos += 4 + length
    if wanted:
        raise _reject("", "a ZIP64 size is missing its extended field.", "zip64")
    return {}


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
    if "\\" in name:
        raise _reject(name, "the name contains a backslash.", "path")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise _reject(name, "the name contains control characters.", "path")
    if name.startswith("/"):
        raise _reject(name, "the path is absolute.", "path")
    if re.match(r"^[A-Za-z]:", name):
        raise _reject(name, "the path starts with a drive letter.", "path")
    parts = name.rstrip("/").split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise _reject(name, "the path contains '..', '.' or an empty part.", "path")
        if len(part.encode("utf-8")) > limits.max_component_bytes:
            raise _reject(name, "a part of the path is too long.", "path")
        if _WINDOWS_DEVICES.match(part) or part.endswith((" ", ".")) or ":" in part:
            raise _reject(name, "the name is not allowed on Windows.", "path")
    return name


def _check_type(name: str, made_by: int, external: int) -> bool:
    """True for a directory entry; rejects links and other special files."""
    is_dir = name.endswith("/")
    if made_by >> 8 == UNIX:
        mode = external >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise _reject(name, "it is a symbolic link.", "link")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise _reject(name, "it is a special file, not a regular file.", "special")
        if kind == stat.S_IFDIR and not is_dir:
            raise _reject(name, "it claims to be a folder but is named like a file.", "special")
    return is_dir


def read_entries(handle: BinaryIO, size: int, limits: Limits) -> list[ZipEntry]:
    """Every entry, checked; raises BundleRejected at the first problem."""
    count, cd_offset, cd_size, _end = _end_of_central_directory(handle, size)
    if count > limits.max_entries:
        raise _reject(
            "", f"it has {count} entries; at most {limits.max_entries} are allowed.", "count"
        )
    if cd_size > count * (46 + 0xFFFF * 3):
        raise _reject("", "the central directory is larger than its entries.", "layout")
    directory = _read_at(handle, cd_offset, cd_size, "the central directory")
    entries: list[ZipEntry] = []
    seen: dict[str, str] = {}
    pos = 0
    for _ in range(count):
        if directory[pos : pos + 4] != CENTRAL:
            raise _reject("", "the central directory is damaged.", "layout")
        fields = struct.unpack("<HHHHHHIIIHHHHHII", directory[pos + 4 : pos + 46])
        (made_by, _need, flags, method, _time, _date, crc, csize, usize,
         nlen, xlen, clen, disk, _internal, external, offset) = fields  # fmt: skip
        raw = directory[pos + 46 : pos + 46 + nlen]
        extra = directory[pos + 46 + nlen : pos + 46 + nlen + xlen]
        pos += 46 + nlen + xlen + clen
        if pos > len(directory):
            raise _reject("", "the central directory is damaged.", "layout")
        name = check_name(raw, flags, limits)
        if flags & FLAG_ENCRYPTED:
            raise _reject(name, "the entry is encrypted.", "encrypted")
        if method not in (STORED, DEFLATED):
            raise _reject(name, f"compression method {method} is not accepted.", "method")
        if disk not in (0, 0xFFFF):
            raise _reject(name, "the entry is on another disk.", "multi-disk")
        wanted = [
            k for k, v in (("size", usize), ("csize", csize), ("offset", offset)) if v == 0xFFFFFFFF
        ]
        big = _zip64_values(extra, wanted)
        usize, csize, offset = (
            big.get("size", usize),
            big.get("csize", csize),
            big.get("offset", offset),
        )
        is_dir = _check_type(name, made_by, external)
        if is_dir and usize:
            raise _reject(name, "a folder entry has contents.", "special")
        if method == STORED and csize != usize:
            raise _reject(name, "a stored entry's sizes disagree.", "mismatch")
        if usize > limits.max_entry_bytes:
            raise _reject(name, "the entry is larger than allowed.", "bomb")
        key = unicodedata.normalize("NFC", name.rstrip("/")).casefold()
        if key in seen:
            reason = (
                "the name appears twice."
                if seen[key] == name
                else (f"the name collides with '{seen[key]}' (differs only in case or accents).")
            )
            raise _reject(name, reason, "duplicate")
        seen[key] = name
        entries.append(
            _check_local(handle, size, name, flags, method, crc, csize, usize, offset, is_dir)
        )
    if pos != len(directory):
        raise _reject("", "the central directory has bytes it does not account for.", "layout")
    _check_folders(seen)
    _check_layout(entries, cd_offset)
    return entries


def _check_local(
    handle: BinaryIO, size: int, name: str, flags: int, method: int, crc: int,
    csize: int, usize: int, offset: int, is_dir: bool,
) -> ZipEntry:  # fmt: skip
    header = _read_at(handle, offset, 30, f"the header of {name!r}")
    if header[:4] != LOCAL:
        raise _reject(name, "its local header is missing.", "mismatch")
    (_need, lflags, lmethod, _time, _date, lcrc, lcsize, lusize, nlen, xlen) = struct.unpack(
        "<HHHHHIIIHH", header[4:30]
    )
    raw = _read_at(handle, offset + 30, nlen + xlen, f"the header of {name!r}")
    if raw[:nlen].decode("utf-8", "replace") != name or lmethod != method:
        raise _reject(name, "its local header disagrees with the central directory.", "mismatch")
    if (lflags ^ flags) & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR | FLAG_UTF8):
        raise _reject(name, "its local header disagrees with the central directory.", "mismatch")
    data_offset = offset + 30 + nlen + xlen
    end = data_offset + csize
    if flags & FLAG_DESCRIPTOR:
        end = _check_descriptor(handle, size, name, end, crc, csize, usize)
    else:
        wanted = [k for k, v in (("size", lusize), ("csize", lcsize)) if v == 0xFFFFFFFF]
        big = _zip64_values(raw[nlen:], wanted)
        if (lcrc, big.get("csize", lcsize), big.get("size", lusize)) != (crc, csize, usize):
            raise _reject(
                name, "its local header disagrees with the central directory.", "mismatch"
            )
    if end > size:
        raise _reject(name, "the archive is truncated inside this entry.", "truncated")
    return ZipEntry(name, method, flags, crc, csize, usize, offset, data_offset, end, is_dir)


def _check_descriptor(
    handle: BinaryIO, size: int, name: str, at: int, crc: int, csize: int, usize: int
) -> int:
    head = _read_at(handle, at, min(24, max(0, size - at)), f"the data descriptor of {name!r}")
    body = head[4:] if head[:4] == DESCRIPTOR else head
    start = 4 if head[:4] == DESCRIPTOR else 0
    for width, fmt in ((8, "<IQQ"), (4, "<III")):  # ZIP64 descriptors carry 8-byte sizes
        need = 4 + 2 * width
        if len(body) >= need and struct.unpack(fmt, body[:need]) == (crc, csize, usize):
            return at + start + need
    raise _reject(name, "its data descriptor disagrees with the central directory.", "mismatch")


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

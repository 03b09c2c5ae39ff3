"""Hand-built ZIP archives for tests, including ones no honest tool would write.

Every field can be set on its own, so a test can make the local header and the
central directory disagree, point entries into each other, lie about sizes, or
use ZIP64 records where nothing needs them.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

REGULAR = 0o100644 << 16
SENTINEL32 = 0xFFFFFFFF


@dataclass
class Entry:
    name: bytes
    data: bytes = b""
    method: int = 0
    flags: int = 0x800
    external: int = REGULAR
    made_by: int = (3 << 8) | 20
    # Deliberate disagreements between the local header and the central directory.
    local_name: bytes | None = None
    local_method: int | None = None
    local_flags: int | None = None
    local_crc: int | None = None
    local_usize: int | None = None
    central_crc: int | None = None
    central_usize: int | None = None
    central_csize: int | None = None
    central_offset: int | None = None
    disk: int = 0
    payload: bytes | None = None  # compressed bytes to store instead of the real ones
    descriptor: bytes | None = None  # raw data descriptor to append when flag 0x8 is set
    local_extra: bytes = b""
    central_extra: bytes = b""
    zip64: bool = False  # sizes (and offset) as ZIP64 fields in both headers


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def deflated_zeros(size: int, block: int = 1 << 20) -> Iterator[bytes]:
    """A raw deflate stream of ``size`` zero bytes, made by repeating one flushed block,
    so a stream that inflates to gigabytes costs milliseconds to make."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    whole = packer.compress(bytes(block)) + packer.flush(zlib.Z_FULL_FLUSH)
    for _ in range(size // block):
        yield whole
    rest = size % block
    yield packer.compress(bytes(rest)) + packer.flush() if rest else packer.flush()


def zeros_crc(size: int, block: int = 1 << 20) -> int:
    crc = 0
    zero = bytes(block)
    while size:
        step = min(size, block)
        crc = zlib.crc32(zero[:step], crc)
        size -= step
    return crc


def extra_block(tag: int, body: bytes) -> bytes:
    return struct.pack("<HH", tag, len(body)) + body


def build(
    entries: list[Entry],
    *,
    prefix: bytes = b"",
    gap: bytes = b"",
    trailing: bytes = b"",
    comment: bytes = b"",
    cd_offset_shift: int = 0,
    eocd_disk: int = 0,
    eocd_count: int | None = None,
    zip64_end: bool = False,
    zip64_record_gap: bytes = b"",
    zip64_disks: int = 1,
    zip64_count: int | None = None,
) -> bytes:
    out = bytearray(prefix)
    central = bytearray()
    for index, e in enumerate(entries):
        if index:
            out += gap
        payload = e.payload if e.payload is not None else (
            deflate(e.data) if e.method == 8 else e.data
        )  # fmt: skip
        crc = zlib.crc32(e.data)
        offset = len(out)
        name = e.local_name if e.local_name is not None else e.name
        flags = e.local_flags if e.local_flags is not None else e.flags
        usize = e.local_usize if e.local_usize is not None else len(e.data)
        lcrc = e.local_crc if e.local_crc is not None else crc
        lcsize, lusize = len(payload), usize
        local_extra = e.local_extra
        if flags & 8:
            lcrc = e.local_crc or 0
            lcsize, lusize = 0, (e.local_usize or 0)
        if e.zip64:
            local_extra = extra_block(1, struct.pack("<QQ", lusize, lcsize)) + local_extra
            lcsize = lusize = SENTINEL32
        out += b"PK\x03\x04" + struct.pack(
            "<HHHHHIIIHH",
            45 if e.zip64 else 20,
            flags,
            e.local_method if e.local_method is not None else e.method,
            0,
            0x21,
            lcrc,
            lcsize,
            lusize,
            len(name),
            len(local_extra),
        )
        out += name + local_extra + payload
        if flags & 8:
            out += (
                e.descriptor
                if e.descriptor is not None
                else struct.pack("<4sIII", b"PK\x07\x08", crc, len(payload), len(e.data))
            )
        c_crc = e.central_crc if e.central_crc is not None else crc
        c_csize = e.central_csize if e.central_csize is not None else len(payload)
        c_usize = e.central_usize if e.central_usize is not None else len(e.data)
        c_offset = e.central_offset if e.central_offset is not None else offset
        central_extra = e.central_extra
        if e.zip64:
            body = struct.pack("<QQQ", c_usize, c_csize, c_offset)
            central_extra = extra_block(1, body) + central_extra
            c_csize = c_usize = c_offset = SENTINEL32
        central += b"PK\x01\x02" + struct.pack(
            "<HHHHHHIIIHHHHHII",
            e.made_by,
            45 if e.zip64 else 20,
            e.flags,
            e.method,
            0,
            0x21,
            c_crc,
            c_csize,
            c_usize,
            len(e.name),
            len(central_extra),
            0,
            e.disk,
            0,
            e.external,
            c_offset,
        )
        central += e.name + central_extra
    cd_offset = len(out)
    out += central
    count = len(entries) if eocd_count is None else eocd_count
    if zip64_end:
        record_pos = len(out)
        out += b"PK\x06\x06" + struct.pack(
            "<QHHIIQQQQ",
            44,
            45,
            45,
            0,
            0,
            count if zip64_count is None else zip64_count,
            count if zip64_count is None else zip64_count,
            len(central),
            cd_offset + cd_offset_shift,
        )
        out += zip64_record_gap
        out += b"PK\x06\x07" + struct.pack("<IQI", 0, record_pos, zip64_disks)
        out += b"PK\x05\x06" + struct.pack(
            "<HHHHIIH", eocd_disk, 0, 0xFFFF, 0xFFFF, SENTINEL32, SENTINEL32, len(comment)
        )
    else:
        out += b"PK\x05\x06" + struct.pack(
            "<HHHHIIH",
            eocd_disk,
            0,
            count,
            count,
            len(central),
            cd_offset + cd_offset_shift,
            len(comment),
        )
    return bytes(out + comment + trailing)

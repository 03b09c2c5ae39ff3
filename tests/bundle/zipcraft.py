"""Hand-built ZIP archives for tests, including ones no honest tool would write."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

REGULAR = 0o100644 << 16


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


def _compress(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def build(
    entries: list[Entry],
    *,
    prefix: bytes = b"",
    gap: bytes = b"",
    trailing: bytes = b"",
    comment: bytes = b"",
    cd_offset_shift: int = 0,
    eocd_disk: int = 0,
) -> bytes:
    out = bytearray(prefix)
    central = bytearray()
    for index, e in enumerate(entries):
        if index:
            out += gap
        payload = e.payload if e.payload is not None else (
            _compress(e.data) if e.method == 8 else e.data
        )  # fmt: skip
        crc = zlib.crc32(e.data)
        offset = len(out)
        name = e.local_name if e.local_name is not None else e.name
        flags = e.local_flags if e.local_flags is not None else e.flags
        out += b"PK\x03\x04" + struct.pack(
            "<HHHHHIIIHH",
            20,
            flags,
            e.local_method if e.local_method is not None else e.method,
            0,
            0x21,
            e.local_crc if e.local_crc is not None else (0 if flags & 8 else crc),
            0 if flags & 8 else len(payload),
            e.local_usize if e.local_usize is not None else (0 if flags & 8 else len(e.data)),
            len(name),
            0,
        )
        out += name + payload
        if flags & 8:
            out += (
                e.descriptor
                if e.descriptor is not None
                else struct.pack("<4sIII", b"PK\x07\x08", crc, len(payload), len(e.data))
            )
        central += b"PK\x01\x02" + struct.pack(
            "<HHHHHHIIIHHHHHII",
            e.made_by,
            20,
            e.flags,
            e.method,
            0,
            0x21,
            e.central_crc if e.central_crc is not None else crc,
            e.central_csize if e.central_csize is not None else len(payload),
            e.central_usize if e.central_usize is not None else len(e.data),
            len(e.name),
            0,
            0,
            e.disk,
            0,
            e.external,
            e.central_offset if e.central_offset is not None else offset,
        )
        central += e.name
    cd_offset = len(out)
    out += central
    out += b"PK\x05\x06" + struct.pack(
        "<HHHHIIH",
        eocd_disk,
        0,
        len(entries),
        len(entries),
        len(central),
        cd_offset + cd_offset_shift,
        len(comment),
    )
    return bytes(out + comment + trailing)

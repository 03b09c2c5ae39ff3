"""A deterministic ZIP writer that hashes as it copies, and never writes data descriptors.

Same inputs give the same bytes: fixed timestamps and permissions, names in the
caller's order, no extra fields except ZIP64 where sizes demand it. Each entry
is streamed in chunks while SHA-256 and CRC-32 are computed in the same pass;
the sizes and CRC are then patched into the local header when the output can
seek (a file), or measured beforehand when it cannot (an encryptor's input).
No data descriptors are needed either way, and memory stays flat whatever the size.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from evidencekit.bundle.hashing import BackgroundSha256
from evidencekit.domain.tasks import CancelToken

CHUNK = 4 << 20
DOS_TIME, DOS_DATE = 0, 0x21  # 1980-01-01 00:00, the ZIP epoch: no clock leaks in
MADE_BY = (3 << 8) | 45  # Unix, spec 4.5
UTF8 = 0x800
REGULAR_FILE = 0o100644 << 16
ZIP32_MAX = 0xFFFFFFFF


class ByteSink(Protocol):
    """An output that can only be written to, in order (an encryptor's input)."""

    def write(self, data: bytes, /) -> int: ...


@dataclass(frozen=True)
class Written:
    name: str
    sha256: str
    size: int
    compressed_size: int
    crc: int
    offset: int
    method: int


class ZipStream:
    """Writes entries to ``out``. A seekable ``out`` (a file) gets each local header
    patched after its data, so every source is read once. With ``sequential`` (an
    encryptor's input, which cannot seek) each file source is read twice instead: once
    for its CRC and sizes, then for the bytes; the output is the same either way."""

    def __init__(self, out: BinaryIO, *, sequential: bool = False) -> None:
        self._out = out
        self._sequential = sequential
        # Counted, since a sequential output has no tell().
        self._position = 0 if sequential else out.tell()
        self._entries: list[Written] = []

    @property
    def entries(self) -> list[Written]:
        return list(self._entries)

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._position += len(data)

    def add(
        self,
        name: str,
        source: BinaryIO,
        size: int,
        *,
        compress: bool,
        cancel: CancelToken,
        on_bytes: Callable[[int], None] | None = None,
    ) -> Written:
        """Copy ``size`` bytes from ``source`` as entry ``name``; returns its hashes."""
        raw_name = name.encode("utf-8")
        offset = self._position
        # Compressed text never grows much, so ZIP64 is needed exactly when the input is big.
        zip64 = size >= ZIP32_MAX or offset >= ZIP32_MAX
        method = 8 if compress else 0
        if self._sequential:
            crc, compressed = _measure(source, size, compress, cancel, name)
            extra = struct.pack("<HHQQ", 1, 16, size, compressed) if zip64 else b""
            self._write(self._local_header(raw_name, method, crc, compressed, size, extra, zip64))
        else:
            extra = struct.pack("<HHQQ", 1, 16, 0, 0) if zip64 else b""
            self._write(self._local_header(raw_name, method, 0, 0, 0, extra, zip64))
        data_start = self._position
        sha256, crc_written = self._copy(name, source, size, compress, cancel, on_bytes)
        compressed_written = self._position - data_start
        if self._sequential:
            if (crc_written, compressed_written) != (crc, compressed):
                raise OSError(f"{name}: the file changed while it was being packed")
        else:
            crc, compressed = crc_written, compressed_written
            end = self._position
            self._out.seek(offset)
            self._out.write(
                self._local_header(raw_name, method, crc, compressed, size, extra, zip64)
            )
            if zip64:
                self._out.seek(offset + 30 + len(raw_name) + 4)
                self._out.write(struct.pack("<QQ", size, compressed))
            self._out.seek(end)
        written = Written(name, sha256, size, compressed, crc, offset, method)
        self._entries.append(written)
        return written

    def _copy(
        self,
        name: str,
        source: BinaryIO,
        size: int,
        compress: bool,
        cancel: CancelToken,
        on_bytes: Callable[[int], None] | None,
    ) -> tuple[str, int]:
        """Stream the entry's data out; returns its SHA-256 and CRC-32."""
        digest, crc, done = BackgroundSha256(), 0, 0
        packer = zlib.compressobj(6, zlib.DEFLATED, -15) if compress else None
        try:
            while done < size:
                cancel.raise_if_cancelled()
                chunk = source.read(min(CHUNK, size - done))
                if not chunk:
                    raise OSError(f"{name}: the file got shorter while it was being packed")
                done += len(chunk)
                digest.update(chunk)  # on the second core, while this one does CRC and I/O
                crc = zlib.crc32(chunk, crc)
                self._write(packer.compress(chunk) if packer else chunk)
                if on_bytes:
                    on_bytes(len(chunk))
            if source.read(1):
                raise OSError(f"{name}: the file got longer while it was being packed")
            sha256 = digest.hexdigest()
        finally:
            digest.close()
        if packer:
            self._write(packer.flush())
        return sha256, crc

    @staticmethod
    def _local_header(
        name: bytes, method: int, crc: int, csize: int, size: int, extra: bytes, zip64: bool
    ) -> bytes:
        sizes = (ZIP32_MAX, ZIP32_MAX) if zip64 else (csize, size)
        version = 45 if zip64 else 20
        return (
            b"PK\x03\x04"
            + struct.pack(
                "<HHHHHIIIHH", version, UTF8, method, DOS_TIME, DOS_DATE, crc, *sizes,
                len(name), len(extra),
            )
            + name
            + extra
        )  # fmt: skip

    def finish(self) -> None:
        """Write the central directory and the end records."""
        cd_start = self._position
        for e in self._entries:
            raw = e.name.encode("utf-8")
            big = [v for v in (e.size, e.compressed_size, e.offset) if v >= ZIP32_MAX]
            fields = [e.size, e.compressed_size, e.offset]
            extra = b""
            if big:
                values = [v for v in fields if v >= ZIP32_MAX]
                extra = struct.pack("<HH", 1, 8 * len(values)) + b"".join(
                    struct.pack("<Q", v) for v in values
                )
                fields = [ZIP32_MAX if v >= ZIP32_MAX else v for v in fields]
            self._write(
                b"PK\x01\x02"
                + struct.pack(
                    "<HHHHHHIIIHHHHHII", MADE_BY, 45 if big else 20, UTF8, e.method, DOS_TIME,
                    DOS_DATE, e.crc, fields[1], fields[0], len(raw), len(extra), 0, 0, 0,
                    REGULAR_FILE, fields[2],
                )
                + raw
                + extra
            )  # fmt: skip
        cd_end = self._position
        count, cd_size = len(self._entries), cd_end - cd_start
        if count >= 0xFFFF or cd_start >= ZIP32_MAX or cd_size >= ZIP32_MAX:
            self._write(
                b"PK\x06\x06"
                + struct.pack("<QHHIIQQQQ", 44, MADE_BY, 45, 0, 0, count, count, cd_size, cd_start)
            )
            self._write(b"PK\x06\x07" + struct.pack("<IQI", 0, cd_end, 1))
            count16, size32, start32 = 0xFFFF, ZIP32_MAX, ZIP32_MAX
        else:
            count16, size32, start32 = count, cd_size, cd_start
        self._write(
            b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, count16, count16, size32, start32, 0)
        )


def _measure(
    source: BinaryIO, size: int, compress: bool, cancel: CancelToken, name: str
) -> tuple[int, int]:
    """(CRC-32, stored size) of the next ``size`` bytes of ``source``, which is then
    rewound to where it was, so the entry can be written with final headers."""
    start = source.tell()
    crc, done, compressed = 0, 0, 0
    packer = zlib.compressobj(6, zlib.DEFLATED, -15) if compress else None
    while done < size:
        cancel.raise_if_cancelled()
        chunk = source.read(min(CHUNK, size - done))
        if not chunk:
            raise OSError(f"{name}: the file got shorter while it was being packed")
        done += len(chunk)
        crc = zlib.crc32(chunk, crc)
        compressed += len(packer.compress(chunk)) if packer else len(chunk)
    if packer:
        compressed += len(packer.flush())
    source.seek(start)
    return crc, compressed

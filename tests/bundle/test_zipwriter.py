"""The deterministic ZIP writer (bundle/zip/zipstream.py), checked against independent readers:
Python's zipfile, Info-ZIP's `unzip -t` and the project's own hardened reader."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import pytest

from evidencekit.bundle.zip import zipstream
from evidencekit.bundle.zip.zipinspect import Limits, read_entries
from evidencekit.bundle.zip.zipstream import CHUNK, ZIP32_MAX, Written, ZipStream
from evidencekit.domain.errors import Cancelled
from evidencekit.domain.tasks import CancelToken

ENTRIES: list[tuple[str, bytes, bool]] = [
    ("data/video/q-clip-1.mp4", os.urandom(CHUNK + 12_345), False),  # spans two chunks
    ("data/text/q-reflection.md", b"## Reflection\n\nWait time helped.\n" * 400, True),
    ("data/empty.txt", b"", True),
    ("data/artifacts/Núñez plan 100%.pdf", b"%PDF-1.4 not really", False),
    ("bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", True),
]


def write_zip(out: BinaryIO, entries: list[tuple[str, bytes, bool]]) -> list[Written]:
    writer = ZipStream(out)
    token = CancelToken()
    written = [
        writer.add(name, io.BytesIO(data), len(data), compress=deflate, cancel=token)
        for name, data, deflate in entries
    ]
    writer.finish()
    return written


def unzip_test(path: Path) -> None:
    result = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors detected" in result.stdout


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, list[Written]]:
    path = tmp_path / "a.zip"
    with path.open("w+b") as out:
        written = write_zip(out, ENTRIES)
    return path, written


def test_each_entry_reports_its_hashes_and_reads_back(archive: tuple[Path, list[Written]]) -> None:
    path, written = archive
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert [i.filename for i in zf.infolist()] == [name for name, _, _ in ENTRIES]
        for (name, data, deflate), entry, info in zip(ENTRIES, written, zf.infolist(), strict=True):
            assert zf.read(name) == data
            assert (entry.sha256, entry.size) == (hashlib.sha256(data).hexdigest(), len(data))
            assert entry.crc == zlib.crc32(data) == info.CRC
            assert info.compress_type == (zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED)
            # No clock and no umask leak into the archive.
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
            assert info.flag_bits & 0x800  # names are declared UTF-8
            assert not info.flag_bits & 0x8  # sizes patched in, no data descriptors
            assert not info.extra  # no ZIP64 field when nothing is large


def test_info_zip_accepts_the_archive(archive: tuple[Path, list[Written]]) -> None:
    unzip_test(archive[0])


def test_the_hardened_reader_accepts_the_archive(archive: tuple[Path, list[Written]]) -> None:
    path, written = archive
    with path.open("rb") as handle:
        entries = read_entries(handle, path.stat().st_size, Limits())
    assert [(e.name, e.size, e.crc) for e in entries] == [(w.name, w.size, w.crc) for w in written]


def test_same_entries_give_identical_bytes(tmp_path: Path) -> None:
    outputs = []
    for _ in range(2):
        out = io.BytesIO()
        write_zip(out, ENTRIES)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]


def test_a_source_that_changes_size_is_refused() -> None:
    token = CancelToken()
    with pytest.raises(OSError, match="got shorter"):
        ZipStream(io.BytesIO()).add("data/a", io.BytesIO(b"abc"), 4, compress=False, cancel=token)
    with pytest.raises(OSError, match="got longer"):
        ZipStream(io.BytesIO()).add("data/a", io.BytesIO(b"abcd"), 3, compress=False, cancel=token)


def test_cancel_stops_between_chunks() -> None:
    token = CancelToken()
    data = os.urandom(3 * CHUNK)
    seen: list[int] = []

    def on_bytes(count: int) -> None:
        seen.append(count)
        token.cancel()

    writer = ZipStream(io.BytesIO())
    with pytest.raises(Cancelled):
        writer.add("data/v.mp4", io.BytesIO(data), len(data), compress=False, cancel=token,
                   on_bytes=on_bytes)  # fmt: skip
    assert seen == [CHUNK]  # one chunk copied, then it stopped


def test_zip64_when_offsets_pass_4_gib(tmp_path: Path) -> None:
    """Entries written past 4 GiB (a sparse gap stands in for a long video before them) get
    ZIP64 offsets and end records that zipfile and unzip both read."""
    path = tmp_path / "far.zip"
    with path.open("w+b") as out:
        out.seek(ZIP32_MAX + 1000)  # a hole: costs no disk
        write_zip(out, ENTRIES)
    with path.open("rb") as handle:
        handle.seek(ZIP32_MAX)
        raw = handle.read()
    assert b"PK\x06\x06" in raw and b"PK\x06\x07" in raw  # ZIP64 end record and locator
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        assert [zf.read(name) for name, _, _ in ENTRIES] == [data for _, data, _ in ENTRIES]
        assert all(i.header_offset > ZIP32_MAX for i in zf.infolist())
    unzip_test(path)


class ZeroSource(io.RawIOBase):
    """``size`` zero bytes, produced without memory or disk."""

    def __init__(self, size: int) -> None:
        self.left = size

    def read(self, count: int = -1) -> bytes:
        count = min(self.left, count if count >= 0 else self.left)
        self.left -= count
        return ZERO if count == CHUNK else bytes(count)


ZERO = bytes(CHUNK)


class HoleyFile(io.RawIOBase):
    """Writes all-zero chunks as holes (like `cp --sparse`), so a 4 GiB entry costs no disk."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if len(data) == CHUNK and data == ZERO:
            self.out.seek(len(data), io.SEEK_CUR)
        else:
            self.out.write(data)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.out.seek(offset, whence)

    def tell(self) -> int:
        return self.out.tell()


@pytest.mark.slow
@pytest.mark.slow
def test_zip64_for_an_entry_larger_than_4_gib(tmp_path: Path) -> None:
    """A real 4 GiB + 1 byte stored entry (zeros, kept sparse): its ZIP64 sizes are patched
    into the local header and the hardened reader agrees with the central directory."""
    big = ZIP32_MAX + 1
    path = tmp_path / "big.zip"
    tail = b"written after the big entry\n"
    with path.open("w+b") as raw:
        out = HoleyFile(raw)
        writer = ZipStream(out)  # type: ignore[arg-type]
        token = CancelToken()
        first = writer.add(
            "data/video/long.mp4", ZeroSource(big), big, compress=False, cancel=token
        )
        writer.add("data/after.txt", io.BytesIO(tail), len(tail), compress=True, cancel=token)
        writer.finish()
        raw.truncate(out.tell())
    assert first.size == big
    assert first.crc == _zero_crc(big)
    with path.open("rb") as handle:
        entries = read_entries(handle, path.stat().st_size, Limits())
    assert [(e.name, e.size) for e in entries] == [
        ("data/video/long.mp4", big),
        ("data/after.txt", len(tail)),
    ]
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("data/video/long.mp4")
        assert (info.file_size, info.compress_size, info.CRC) == (big, big, first.crc)
        assert zf.read("data/after.txt") == tail


def _zero_crc(count: int) -> int:
    crc = 0
    while count:
        step = min(count, CHUNK)
        crc = zlib.crc32(ZERO[:step], crc)
        count -= step
    return crc


class SyncSha256:
    """hashlib on the calling thread: the count test below writes 65,535 entries, and a
    hashing thread per entry would cost seconds without exercising anything more."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()

    def update(self, chunk: bytes) -> None:
        self._digest.update(chunk)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()

    def close(self) -> None:
        pass


def test_zip64_end_records_for_65535_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zipstream, "BackgroundSha256", SyncSha256)
    count = 0xFFFF
    path = tmp_path / "many.zip"
    with path.open("w+b") as out:
        write_zip(out, [(f"data/{n:05}.txt", b"%d\n" % n, False) for n in range(count)])
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        assert len(infos) == count
        assert zf.read("data/65534.txt") == b"65534\n"
    end = path.read_bytes()[-22:]
    assert end[:4] == b"PK\x05\x06"
    assert struct.unpack("<HH", end[8:12]) == (0xFFFF, 0xFFFF)  # the count is in the ZIP64 record
    unzip_test(path)

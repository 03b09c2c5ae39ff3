"""Honest archives in every shape the reader must accept: ZIP64 records and fields,
data descriptors, streamed writers, tens of thousands of entries, reading in place."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from evidencekit.bundle.bagit.validate import validate_bag, write_bag_tags
from evidencekit.bundle.errors import BundleRejected
from evidencekit.bundle.zip.safezip import ZipArchive
from evidencekit.bundle.zip.zipinspect import Limits
from evidencekit.domain.errors import NotFound
from tests.bundle.extracting import inspect_archive, safe_extract
from tests.bundle.zipcraft import Entry, build, deflate, deflated_zeros, zeros_crc

PAYLOAD = {
    "data/essay.md": b"# Essay\n\n" + b"Questions wait for answers. " * 200,
    "data/clip.mp4": os.urandom(70_000),
    "data/empty.txt": b"",
}


def bag_entries(tmp_path: Path, **entry_fields: object) -> list[Entry]:
    """A valid bag's files as zipcraft entries (text deflated, media stored)."""
    bag = tmp_path / "bag"
    for name, content in PAYLOAD.items():
        (bag / name).parent.mkdir(parents=True, exist_ok=True)
        (bag / name).write_bytes(content)
    write_bag_tags(bag, [("Source-Organization", "Test School")])
    files = sorted(p for p in bag.rglob("*") if p.is_file())
    return [
        Entry(
            p.relative_to(bag).as_posix().encode(),
            p.read_bytes(),
            method=0 if p.suffix == ".mp4" else 8,
            **entry_fields,  # type: ignore[arg-type]
        )
        for p in files
    ]


def extract_and_validate(bundle: Path) -> None:
    with safe_extract(bundle) as extracted:
        for name, content in PAYLOAD.items():
            assert (extracted.path / name).read_bytes() == content
        report = validate_bag(extracted.path, allow_fetch=False)
        assert report.valid, report.errors
        assert report.info_value("Source-Organization") == "Test School"


def test_zip64_fields_and_end_records(tmp_path: Path) -> None:
    bundle = tmp_path / "zip64.evkit"
    bundle.write_bytes(build(bag_entries(tmp_path, zip64=True), zip64_end=True))
    assert bundle.read_bytes()[-22:][8:12] == b"\xff\xff\xff\xff"  # counts only in ZIP64
    extract_and_validate(bundle)


def test_data_descriptors(tmp_path: Path) -> None:
    bundle = tmp_path / "streamed.evkit"
    bundle.write_bytes(build(bag_entries(tmp_path, flags=0x808)))
    extract_and_validate(bundle)


def test_zip64_data_descriptors_without_signature(tmp_path: Path) -> None:
    """The descriptor's signature is optional, and its sizes are 8 bytes under ZIP64."""
    entries = bag_entries(tmp_path, flags=0x808, zip64=True)
    for e in entries:
        e.payload = e.data if e.method == 0 else deflate(e.data)
        e.descriptor = struct.pack("<IQQ", zlib.crc32(e.data), len(e.payload), len(e.data))
    bundle = tmp_path / "streamed64.evkit"
    bundle.write_bytes(build(entries, zip64_end=True))
    extract_and_validate(bundle)


class Unseekable(io.RawIOBase):
    """A pipe-like sink: zipfile must stream, writing data descriptors."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.data += b
        return len(b)


@pytest.mark.parametrize("force_zip64", [False, True])
def test_python_zipfile_streaming_output_is_accepted(tmp_path: Path, force_zip64: bool) -> None:
    entries = bag_entries(tmp_path)
    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for e in entries:
            info = zipfile.ZipInfo(e.name.decode(), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = e.method
            info.external_attr = 0o100644 << 16
            with archive.open(info, "w", force_zip64=force_zip64) as out:
                out.write(e.data)
    bundle = tmp_path / "piped.evkit"
    bundle.write_bytes(bytes(sink.data))
    assert all(i.flag_bits & 0x8 for i in zipfile.ZipFile(bundle).infolist())
    extract_and_validate(bundle)


def test_folder_entries_are_fine(tmp_path: Path) -> None:
    folders = [Entry(b"data/", external=(0o040755 << 16) | 0x10)]
    bundle = tmp_path / "folders.evkit"
    bundle.write_bytes(build(folders + bag_entries(tmp_path)))
    extract_and_validate(bundle)


def test_65536_entries_use_the_zip64_count(tmp_path: Path) -> None:
    count = 0x10000
    bundle = tmp_path / "many.zip"
    bundle.write_bytes(
        build([Entry(f"data/{n:05x}".encode(), b"") for n in range(count)], zip64_end=True)
    )
    entries = inspect_archive(bundle, Limits(max_entries=count))
    assert len(entries) == count and entries[-1].name == "data/0ffff"
    with pytest.raises(BundleRejected) as info:
        inspect_archive(bundle)
    assert info.value.code == "count"


def test_reading_entries_in_place(tmp_path: Path) -> None:
    bundle = tmp_path / "b.evkit"
    bundle.write_bytes(build(bag_entries(tmp_path)))
    before = sorted(os.listdir(tmp_path))
    with ZipArchive(bundle) as archive:
        assert archive.read("data/essay.md") == PAYLOAD["data/essay.md"]
        assert b"".join(archive.iter_bytes("data/clip.mp4")) == PAYLOAD["data/clip.mp4"]
        assert archive.read("bagit.txt").startswith(b"BagIt-Version: 1.0\n")
        with pytest.raises(BundleRejected) as info:
            archive.read("data/clip.mp4", max_bytes=1000)
        assert info.value.code == "too-large"
        with pytest.raises(NotFound):
            archive.read("data/nope")
    assert sorted(os.listdir(tmp_path)) == before


def test_reading_in_place_still_checks_the_crc(tmp_path: Path) -> None:
    bundle = tmp_path / "b.evkit"
    bundle.write_bytes(build([Entry(b"data/a", b"abc", central_crc=1, local_crc=1)]))
    with ZipArchive(bundle) as archive, pytest.raises(BundleRejected, match="CRC"):
        archive.read("data/a")


def test_a_bomb_is_fine_under_limits_that_allow_it(tmp_path: Path) -> None:
    """Control for the bomb cases: the crafted stream is a well-formed ZIP64 entry, so
    their refusal comes from the limits alone."""
    size = 16 << 20
    crc = zeros_crc(size)
    entry = Entry(
        b"data/zeros",
        b"",
        method=8,
        payload=b"".join(deflated_zeros(size)),
        central_usize=size,
        local_usize=size,
        central_crc=crc,
        local_crc=crc,
        zip64=True,
    )
    bundle = tmp_path / "zeros.zip"
    bundle.write_bytes(build([entry], zip64_end=True))
    with pytest.raises(BundleRejected, match="100:1"):
        inspect_archive(bundle)
    with safe_extract(bundle, Limits(max_ratio=10**6)) as extracted:
        assert (extracted.path / "data" / "zeros").stat().st_size == size

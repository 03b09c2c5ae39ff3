"""Honest archives extract exactly, into a private folder that is removed afterwards."""

from __future__ import annotations

import gc
import hashlib
import os
import stat
import tempfile
import zipfile
from pathlib import Path

import pytest

from evidencekit.bundle.bagit.validate import validate_bag
from evidencekit.bundle.errors import BundleRejected
from evidencekit.domain.errors import Cancelled
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter, no_progress
from tests.bundle.extracting import safe_extract


def make_bag(root: Path, files: dict[str, bytes]) -> Path:
    (root / "data").mkdir(parents=True)
    for name, content in files.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    (root / "bagit.txt").write_text("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
    size = sum(len(c) for c in files.values())
    (root / "bag-info.txt").write_text(f"Payload-Oxum: {size}.{len(files)}\n")
    manifest = "".join(
        f"{hashlib.sha256(c).hexdigest()}  data/{n}\n" for n, c in sorted(files.items())
    )
    (root / "manifest-sha256.txt").write_text(manifest)
    tags = "".join(
        f"{hashlib.sha256((root / t).read_bytes()).hexdigest()}  {t}\n"
        for t in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
    )
    (root / "tagmanifest-sha256.txt").write_text(tags)
    return root


def zip_bag(bag: Path, target: Path, *, force_zip64: bool = False) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(p for p in bag.rglob("*") if p.is_file()):
            name = path.relative_to(bag).as_posix()
            method = zipfile.ZIP_STORED if name.endswith(".mp4") else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = 0o100644 << 16
            with archive.open(info, "w", force_zip64=force_zip64) as out:
                out.write(path.read_bytes())
    return target


FILES = {
    "video/lesson.mp4": os.urandom(300_000),
    "text/reflection.md": b"## Reflection\n\nWait time changed everything.\n" * 50,
    "Núñez notes.txt": b"names with accents survive\n",
}


@pytest.mark.parametrize("force_zip64", [False, True])
def test_round_trip(tmp_path: Path, force_zip64: bool) -> None:
    bag = make_bag(tmp_path / "bag", FILES)
    bundle = zip_bag(bag, tmp_path / "sub.evkit", force_zip64=force_zip64)
    events: list[ProgressEvent] = []
    with safe_extract(bundle, reporter=Reporter.to(events.append)) as extracted:
        root = extracted.path
        assert stat.S_IMODE(root.stat().st_mode) == 0o700
        for name, content in FILES.items():
            assert (root / "data" / name).read_bytes() == content
        report = validate_bag(root, allow_fetch=False)
        assert report.valid, report.errors
        assert (
            report.payload_sha256["data/video/lesson.mp4"]
            == hashlib.sha256(FILES["video/lesson.mp4"]).hexdigest()
        )
    assert not root.exists()
    assert events[-1].done == events[-1].total


def test_flipped_byte_in_a_stored_payload_is_caught(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", FILES)
    bundle = zip_bag(bag, tmp_path / "sub.evkit")
    data = bytearray(bundle.read_bytes())
    at = data.find(FILES["video/lesson.mp4"][:64]) + 1000
    data[at] ^= 0x01
    bundle.write_bytes(bytes(data))
    with pytest.raises(BundleRejected) as info:
        safe_extract(bundle)
    assert (info.value.entry, info.value.code) == ("data/video/lesson.mp4", "corrupt")


def test_changed_file_inside_the_bag_fails_its_checksum(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", FILES)
    (bag / "data" / "text" / "reflection.md").write_bytes(b"rewritten after sealing")
    report = validate_bag(bag)
    assert [str(e) for e in report.errors] == [
        "data/text/reflection.md: its sha256 checksum does not match.",
        "bag-info.txt: Payload-Oxum says "
        f"{sum(len(c) for c in FILES.values())} bytes in 3 files; the payload has "
        f"{sum(len(c) for c in FILES.values()) - len(FILES['text/reflection.md']) + 23} bytes "
        "in 3 files.",
    ]


def test_changed_tag_file_fails_the_tag_manifest(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", FILES)
    (bag / "bag-info.txt").write_text("Payload-Oxum: 1.1\nExtra: sneaked in\n")
    report = validate_bag(bag)
    assert "bag-info.txt: its sha256 checksum does not match." in [str(e) for e in report.errors]


def test_fetch_is_refused_in_bundles(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", FILES)
    (bag / "fetch.txt").write_text("https://example.org/x 10 data/x\n")
    report = validate_bag(bag, allow_fetch=False)
    assert [e.file for e in report.errors] == ["fetch.txt"]


def test_cancel_removes_the_folder(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", FILES)
    bundle = zip_bag(bag, tmp_path / "sub.evkit")
    token = CancelToken()
    token.cancel()
    before = set(os.listdir(tempfile.gettempdir()))
    with pytest.raises(Cancelled):
        safe_extract(bundle, reporter=Reporter(no_progress, token))
    assert {
        n for n in set(os.listdir(tempfile.gettempdir())) - before if "evidencekit" in n
    } == set()


def test_missing_bundle(tmp_path: Path) -> None:
    with pytest.raises(BundleRejected, match="does not exist"):
        safe_extract(tmp_path / "nope.evkit")


def flip_byte(path: Path, at: int = 0) -> None:
    """Flip one bit; in tag files, in the first digit from ``at`` on, so the file still
    parses (a digit stays a digit) and only its checksum can tell."""
    data = bytearray(path.read_bytes())
    if path.parent.name != "data" and path.suffix == ".txt":
        at = next(i for i in range(at, len(data)) if chr(data[i]).isdigit())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("victim", "manifest"),
    [
        ("data/text/reflection.md", "sha256"),  # a deflated payload file
        ("data/video/lesson.mp4", "sha256"),  # a stored payload file
        ("bag-info.txt", "sha256"),  # a tag file, caught by the tag manifest
        ("manifest-sha256.txt", "sha256"),
    ],
)
def test_flipped_byte_in_a_consistent_zip_fails_validation(
    tmp_path: Path, victim: str, manifest: str
) -> None:
    """The zip is rebuilt after the flip, so its CRCs agree: only the bag can tell."""
    bag = make_bag(tmp_path / "bag", FILES)
    flip_byte(bag / victim, 100 if victim.startswith("data/") else 0)
    bundle = zip_bag(bag, tmp_path / "sub.evkit")
    with safe_extract(bundle) as extracted:
        report = validate_bag(extracted.path, allow_fetch=False)
    assert not report.valid
    assert f"{victim}: its {manifest} checksum does not match." in [str(e) for e in report.errors]


def test_payload_that_grew_an_extra_file_fails(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", FILES)
    (bag / "data" / "sneaked-in.txt").write_bytes(b"not in the manifest")
    with safe_extract(zip_bag(bag, tmp_path / "sub.evkit")) as extracted:
        report = validate_bag(extracted.path)
    assert "data/sneaked-in.txt: the file is not listed in manifest-sha256.txt." in [
        str(e) for e in report.errors
    ]


def test_progress_is_reported_within_large_entries(tmp_path: Path) -> None:
    files = {"video/long.mp4": os.urandom(5 * (1 << 20))}
    bundle = zip_bag(make_bag(tmp_path / "bag", files), tmp_path / "sub.evkit")
    events: list[ProgressEvent] = []
    with safe_extract(bundle, reporter=Reporter.to(events.append)):
        pass
    assert len(events) >= 5
    assert [e.done for e in events] == sorted(e.done for e in events)
    assert events[-1].fraction == 1.0


def test_cancel_during_extraction_removes_the_folder(tmp_path: Path) -> None:
    files = {f"clip-{n}.mp4": os.urandom(1 << 20) for n in range(6)}
    bundle = zip_bag(make_bag(tmp_path / "bag", files), tmp_path / "sub.evkit")
    token = CancelToken()
    seen: list[ProgressEvent] = []

    def progress(event: ProgressEvent) -> None:
        seen.append(event)
        if len(seen) == 2:
            token.cancel()

    made: list[str] = []
    real = tempfile.mkdtemp

    def spy(*args: object, **kwargs: object) -> str:
        made.append(real(*args, **kwargs))  # type: ignore[call-overload]
        return made[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "mkdtemp", spy)
        with pytest.raises(Cancelled):
            safe_extract(bundle, reporter=Reporter(progress, token))
    assert len(made) == 1 and not Path(made[0]).exists()


def test_a_forgotten_extraction_is_removed_when_collected(tmp_path: Path) -> None:
    bundle = zip_bag(make_bag(tmp_path / "bag", FILES), tmp_path / "sub.evkit")
    extracted = safe_extract(bundle)
    root = extracted.path
    assert root.is_dir()
    del extracted
    gc.collect()
    assert not root.exists()

"""``evidencekit media trim | normalize | thumbs`` with text and JSON output."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.media.probe import probe
from tests.cli.conftest import Run
from tests.media.clips import make_clip


@pytest.fixture
def phone_clip(tmp_path: Path) -> Path:
    return make_clip(tmp_path / "phone.mov", "phone_portrait")


def test_trim_copy_snap_and_reencode(run: Run, phone_clip: Path, tmp_path: Path) -> None:
    copied = run(
        "media",
        "trim",
        phone_clip,
        "--start",
        "0:01",
        "--end",
        "2.5",
        "-o",
        tmp_path / "a.mov",
        "--json",
    ).json()
    assert copied["method"] == "copy" and copied["start_s"] == 1.0
    snapped = run(
        "media",
        "trim",
        phone_clip,
        "--start",
        "1.4",
        "--end",
        "0:02.5",
        "-o",
        tmp_path / "b.mov",
        "--snap",
        "--json",
    ).json()
    assert snapped["method"] == "copy" and snapped["start_s"] == 1.0
    text = run(
        "media", "trim", phone_clip, "--start", "1.4", "--end", "2.5", "-o", tmp_path / "c.mp4"
    )
    assert text.code == 0 and "re-encoded" in text.out and "1.00 s or 2.00 s" in text.out
    assert probe(tmp_path / "c.mp4").rotation == 90
    refused = run(
        "media",
        "trim",
        phone_clip,
        "--start",
        "1.4",
        "--end",
        "2.5",
        "-o",
        tmp_path / "d.mov",
        "--copy",
    )
    assert refused.code == 2 and "not on a keyframe" in refused.err
    assert not (tmp_path / "d.mov").exists()


@pytest.mark.parametrize("bad", ["1:75", "abc", "-3", "1:2:3:4"])
def test_trim_rejects_bad_times(run: Run, phone_clip: Path, tmp_path: Path, bad: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("media", "trim", phone_clip, "--start", bad, "--end", "2", "-o", tmp_path / "x.mov")
    assert exit_info.value.code == 2


def test_normalize(run: Run, phone_clip: Path, tmp_path: Path) -> None:
    data = run(
        "media",
        "normalize",
        phone_clip,
        "-o",
        tmp_path / "n.mp4",
        "--max-mb",
        "0.5",
        "--json",
        "--reencode",
    ).json()
    assert data["reencoded"] and data["size_bytes"] <= 500_000
    assert probe(tmp_path / "n.mp4").display_height == 320
    text = run("media", "normalize", tmp_path / "n.mp4", "-o", tmp_path / "again.mp4")
    assert text.code == 0 and "without re-encoding" in text.out
    assert (
        run("media", "normalize", phone_clip, "-o", tmp_path / "x.mp4", "--max-mb", "0").code == 2
    )
    bad = run("media", "normalize", phone_clip, "-o", tmp_path / "x.mp4", "--max-mb", "0.01")
    assert bad.code == 2 and "cannot be made to fit" in bad.err
    assert not (tmp_path / "x.mp4").exists()


def test_thumbs(run: Run, phone_clip: Path, tmp_path: Path) -> None:
    listed = run(
        "media", "thumbs", phone_clip, "--count", "3", "-o", tmp_path / "t", "--json"
    ).json()
    assert [Path(t["file"]).name for t in listed] == [f"thumb-00{n}.jpg" for n in (1, 2, 3)]
    assert all(Path(t["file"]).read_bytes()[:2] == b"\xff\xd8" for t in listed)
    assert run("media", "thumbs", phone_clip, "--count", "0", "-o", tmp_path / "u").code == 2

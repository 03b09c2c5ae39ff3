"""Thumbnails, filmstrips and the dark/silent warnings, on every kind of clip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.domain.errors import Cancelled, MediaError
from evidencekit.domain.preflight import Severity
from evidencekit.domain.tasks import CancelToken
from evidencekit.media.quality import check_quality
from evidencekit.media.thumbnails import filmstrip, thumbnail, write_jpeg
from tests.media.clips import RECIPES, make_clip
from tests.media.flash_clips import ffmpeg


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_filmstrip_and_thumbnail_are_upright(name: str, clip: Callable[[str], Path]) -> None:
    portrait = RECIPES[name].rotation in (90, 270)
    strip = filmstrip(clip(name), 6, width=90)
    assert len(strip) == 6
    times = [t.time_s for t in strip]
    assert times == sorted(times) and times[-1] > 1.0
    for picture in strip:
        h, w, _ = picture.image.shape
        assert w == 90 and (h > w) is portrait
    exact = thumbnail(clip(name), 1.3, width=None)
    assert exact.image.shape[:2] == ((320, 180) if portrait else (180, 320))
    assert exact.time_s <= 1.3 + 1e-3 and exact.time_s > 1.3 - 0.21


def test_thumbnail_shows_the_right_moment(clip: Callable[[str], Path]) -> None:
    early, late = thumbnail(clip("h264_mp4"), 0.0), thumbnail(clip("h264_mp4"), 2.5)
    assert early.time_s == 0.0 and late.time_s == pytest.approx(2.467, abs=0.01)
    assert (early.image != late.image).any()


def test_jpeg_and_refusals(clip: Callable[[str], Path], tmp_path: Path) -> None:
    target = tmp_path / "t.jpg"
    write_jpeg(filmstrip(clip("hevc"), 1)[0].image, target)
    assert target.read_bytes()[:2] == b"\xff\xd8"
    not_video = tmp_path / "x.mp4"
    not_video.write_bytes(b"hello" * 100)
    with pytest.raises(MediaError):
        filmstrip(not_video, 3)
    with pytest.raises(MediaError):
        thumbnail(not_video, 1.0)
    with pytest.raises(MediaError, match="at least one"):
        filmstrip(clip("hevc"), 0)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        filmstrip(clip("hevc"), 3, cancel=token)


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_ordinary_clips_raise_no_quality_warning(name: str, clip: Callable[[str], Path]) -> None:
    report = check_quality(clip(name))
    assert report.findings("Lesson") == []
    assert report.mean_luma > 150
    assert (report.loudest_dbfs is None) is (RECIPES[name].audio_codec is None)


@pytest.mark.parametrize("kind", ["vp9_webm", "phone_portrait"])
def test_dark_and_nearly_silent_footage_is_flagged(kind: str, tmp_path: Path) -> None:
    path = make_clip(tmp_path / f"dark{RECIPES[kind].suffix}", kind, dark=True, quiet=True)
    findings = check_quality(path).findings("Tuesday")
    assert [f.code for f in findings] == ["video.too_dark", "video.nearly_silent"]
    assert all(f.severity is Severity.WARNING for f in findings)
    assert "Clip 'Tuesday' is very dark" in findings[0].message


def test_long_clips_are_checked_in_samples(tmp_path: Path) -> None:
    path = make_clip(tmp_path / "long.mkv", "h264_mkv", seconds=40.0, fps=5, keyint=10)
    report = check_quality(path)
    assert report.loudest_dbfs is not None and report.loudest_dbfs > -30


@pytest.mark.parametrize(
    ("suffix", "container"),
    [(".mp4", ["-f", "mp4"]), (".mts", ["-f", "mpegts", "-output_ts_offset", "98.6"])],
)
def test_samples_are_taken_across_a_camcorder_clip_too(
    suffix: str, container: list[str], tmp_path: Path
) -> None:
    # Bright for the first second, dark after: sampling only the start would call it bright.
    clip = tmp_path / f"evening{suffix}"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "color=c=black:s=160x96:r=15:d=12",
        "-vf",
        "drawbox=c=white:t=fill:enable='lt(t,1)'",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-g",
        "15",
        *container,
        str(clip),
    )
    assert check_quality(clip).dark_share >= 0.9

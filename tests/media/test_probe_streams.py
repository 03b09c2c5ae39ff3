"""What probe says about every stream, and about files that are not videos at all."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.domain.errors import MediaError
from evidencekit.domain.stretch import Stretch
from evidencekit.media.editing.normalize import choose_settings
from evidencekit.media.editing.trim import trim
from evidencekit.media.probe import probe
from tests.media.flash_clips import FLASH_CLIPS, damage, ffmpeg, make_flash_clip


@pytest.fixture(scope="module")
def flash(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("probe-flash")
    names = ("av1_mp3", "two_tracks", "long_audio", "h264")
    return {
        n: make_flash_clip(folder / f"{n}{FLASH_CLIPS[n].suffix}", FLASH_CLIPS[n]) for n in names
    }


def test_codecs_are_named_by_codec_not_by_decoder(flash: dict[str, Path]) -> None:
    info = probe(flash["av1_mp3"])
    assert (info.video_codec, info.audio_codec) == ("av1", "mp3")  # not libdav1d, mp3float
    assert [(s.kind, s.codec) for s in info.streams] == [("video", "av1"), ("audio", "mp3")]


def test_every_sound_track_is_listed(flash: dict[str, Path]) -> None:
    info = probe(flash["two_tracks"])
    assert info.audio_tracks == 2
    assert [s.kind for s in info.streams] == ["video", "audio", "audio"]
    assert all(s.channels == 1 and s.sample_rate == 48_000 for s in info.streams[1:])


def test_the_length_is_the_longest_streams(flash: dict[str, Path]) -> None:
    info = probe(flash["long_audio"])
    assert info.duration_s == pytest.approx(12.0, abs=0.01)
    assert info.video_duration_s == pytest.approx(8.0, abs=0.01)
    assert [s.duration_s for s in info.streams] == pytest.approx([8.0, 12.0], abs=0.01)


def test_a_photo_named_like_a_video_is_called_a_photo(tmp_path: Path) -> None:
    photo = tmp_path / "lesson.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "color=c=red:s=64x64",
        "-frames:v",
        "1",
        "-f",
        "mjpeg",
        str(photo),
    )
    with pytest.raises(MediaError, match=r"still picture \(JPEG\), not a video"):
        probe(photo)


def test_devices_and_pipes_are_named_without_reading_them(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="a device, not a file"):
        probe("/dev/null")
    pipe = tmp_path / "clip.mp4"
    os.mkfifo(pipe)  # nobody writes to it: opening it to read would block for ever
    with pytest.raises(MediaError, match="a pipe or socket, not a file"):
        probe(pipe)
    with pytest.raises(MediaError, match="a folder, not a file"):
        probe(tmp_path)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("damaged")
    busy = folder / "busy.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=320x180:r=30:d=6",
        "-f",
        "lavfi",
        "-i",
        "sine=d=6",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-g",
        "30",
        "-c:a",
        "aac",
        "-movflags",
        "+faststart",
        str(busy),
    )
    assert busy.stat().st_size > 400_000  # the garbage lands in pictures, not the index
    probe(busy)  # the intact clip is accepted
    return damage(busy, folder / "damaged.mp4")


def test_a_damaged_clip_is_named_damaged(damaged: Path) -> None:
    with pytest.raises(MediaError, match="the file is damaged") as caught:
        probe(damaged)
    assert "damaged packets, the first near" in caught.value.reason


def test_the_bitrate_ceiling_follows_the_picture_size(flash: dict[str, Path]) -> None:
    info = probe(flash["h264"])
    small = choose_settings(info, max_mb=500)  # a generous cap: the ceiling decides
    assert info.width * info.height < 640 * 360
    assert small.video_bitrate is not None and small.video_bitrate <= 750_000
    for width, height, most in [(640, 360, 760_000), (1280, 720, 3_000_000)]:
        sized = replace(info, width=width, height=height, duration_s=60.0)
        settings = choose_settings(sized, max_mb=500)
        assert settings.video_bitrate is not None
        assert most * 0.9 <= settings.video_bitrate <= most


def test_a_file_changed_in_place_is_examined_again(damaged: Path, tmp_path: Path) -> None:
    intact = damaged.with_name("busy.mp4")
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(intact.read_bytes())
    assert probe(clip).path == str(clip)
    assert probe(tmp_path / "." / "clip.mp4").path == str(tmp_path / "." / "clip.mp4")
    with clip.open("r+b") as handle:  # same inode, new content
        handle.write(damaged.read_bytes())
    with pytest.raises(MediaError, match="the file is damaged"):
        probe(clip)


def test_a_phones_timecode_track_is_listed_and_does_not_stop_a_trim(tmp_path: Path) -> None:
    clip = tmp_path / "phone.mov"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "color=s=64x64:d=2",
        "-timecode",
        "01:00:00:00",
        "-c:v",
        "libx264",
        "-g",
        "25",
        str(clip),
    )
    info = probe(clip)
    assert [(s.kind, s.codec, s.language) for s in info.streams] == [
        ("video", "h264", None),
        ("data", "none", "eng"),
    ]
    cut = trim(Stretch(clip, 1.0, 2.0), tmp_path / "cut.mov")
    assert probe(cut.path).video_duration_s == pytest.approx(1.0, abs=0.05)

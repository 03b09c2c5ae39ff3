"""Cuts of every camera's clips, measured from the result: flashes where they belong, sound in step.

The clips (flash_clips) carry a white picture and a beep at the start of each
second; a cut is right when its first and last flash land within one frame of
where the source had them, the beeps stay within 10 ms of the flashes, the ffmpeg
CLI decodes every picture without a complaint, timestamps rise, and ffprobe reads
the same durations as our probe.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.domain.errors import MediaError
from evidencekit.domain.stretch import Stretch
from evidencekit.media.editing.trim import TrimMethod, TrimMode, trim
from evidencekit.media.probe import probe
from tests.media.flash_clips import (
    FLASH_CLIPS,
    FPS,
    Measured,
    ffmpeg_decode_errors,
    ffprobe_durations,
    make_flash_clip,
    measure,
    timestamps_rise,
)

FRAME = 1 / FPS
SYNC_S = 0.010


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Measured]]:
    folder = tmp_path_factory.mktemp("flash")
    made = {}
    for name, recipe in FLASH_CLIPS.items():
        path = make_flash_clip(folder / f"{name}{recipe.suffix}", recipe)
        made[name] = (path, measure(path))
    return made


def assert_cut_is_faithful(
    source: Measured, result: Path, start_s: float, end_s: float, audio_index: int = 0
) -> Measured:
    out = measure(result, audio_index)
    expected = [f - start_s for f in source.flashes if start_s - FRAME / 2 <= f < end_s]
    assert len(out.flashes) == len(expected), (out.flashes, expected)
    assert out.flashes[0] == pytest.approx(expected[0], abs=FRAME + 1e-3)
    assert out.flashes[-1] == pytest.approx(expected[-1], abs=FRAME + 1e-3)
    # In step as the source was; an AVI's MP3 cannot say it starts late, so a copy
    # of it may instead come out closer to the picture than its source.
    drift = abs(out.sync() - source.sync())
    assert drift <= SYNC_S or abs(out.sync()) <= SYNC_S, (out.sync(), source.sync())
    assert ffmpeg_decode_errors(result) == ""
    assert timestamps_rise(result)
    whole, streams = ffprobe_durations(result)
    info = probe(result)
    # The installed ffprobe (FFmpeg 5.1) counts B-frames' early decoding times into
    # an MP4's length, up to two frames; each stream's own length must agree closely.
    assert info.duration_s == pytest.approx(whole, abs=2 * FRAME + 0.002)
    for ours, theirs in zip(info.streams, streams, strict=True):
        if theirs is not None:
            assert ours.duration_s == pytest.approx(theirs, abs=0.002)
    return out


@pytest.mark.parametrize("name", sorted(FLASH_CLIPS))
def test_probe_agrees_with_ffprobe(name: str, sources: dict[str, tuple[Path, Measured]]) -> None:
    path, _measured = sources[name]
    info = probe(path)
    whole, streams = ffprobe_durations(path)
    assert info.duration_s == pytest.approx(whole, abs=0.002)
    assert len(info.streams) == len(streams) == 1 + FLASH_CLIPS[name].audio_tracks
    for ours, theirs in zip(info.streams, streams, strict=True):
        if theirs is not None:
            assert ours.duration_s == pytest.approx(theirs, abs=0.002)
        assert ours.duration_s is not None


@pytest.mark.parametrize("name", sorted(FLASH_CLIPS))
def test_a_cut_on_a_keyframe_is_copied_whole(
    name: str, sources: dict[str, tuple[Path, Measured]], tmp_path: Path
) -> None:
    path, measured = sources[name]
    target = tmp_path / f"cut{path.suffix}"
    # 4.0 s is a keyframe in every clip (4.033 s in the AVI, a frame late).
    result = trim(Stretch(path, 4.0, 7.5), target)
    assert result.method is TrimMethod.COPY and result.path == target
    assert result.start_s == pytest.approx(4.0, abs=1.5 * FRAME)
    assert_cut_is_faithful(measured, target, result.start_s, 7.5)


@pytest.mark.parametrize("name", sorted(FLASH_CLIPS))
@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_a_re_encoded_cut_lands_on_the_frame(
    name: str, suffix: str, sources: dict[str, tuple[Path, Measured]], tmp_path: Path
) -> None:
    path, measured = sources[name]
    target = tmp_path / f"cut{suffix}"
    result = trim(Stretch(path, 3.1, 6.6), target, mode=TrimMode.REENCODE)
    assert result.method is TrimMethod.REENCODE
    out = assert_cut_is_faithful(measured, target, 3.1, 6.6)
    assert 0.0 <= out.first_picture < FRAME


@pytest.mark.parametrize("name", ["h264", "h264_bframes", "two_tracks", "long_audio"])
def test_a_partly_re_encoded_cut_lands_on_the_frame(
    name: str, sources: dict[str, tuple[Path, Measured]], tmp_path: Path
) -> None:
    path, measured = sources[name]
    result = trim(Stretch(path, 3.1, 6.6), tmp_path / "cut.mp4")
    assert result.method is TrimMethod.PARTIAL_REENCODE
    assert_cut_is_faithful(measured, result.path, 3.1, 6.6)


def test_every_sound_track_is_kept_in_step(
    sources: dict[str, tuple[Path, Measured]], tmp_path: Path
) -> None:
    path, _ = sources["two_tracks"]
    second = measure(path, audio_index=1)
    for mode, target in [
        (TrimMode.AUTO, tmp_path / "copied.mp4"),
        (TrimMode.REENCODE, tmp_path / "encoded.mkv"),
        (TrimMode.AUTO, tmp_path / "smart.mp4"),
    ]:
        start = 3.1 if target.stem == "smart" else 4.0
        result = trim(Stretch(path, start, 6.6), target, mode=mode)
        assert probe(result.path).audio_tracks == 2
        assert_cut_is_faithful(second, result.path, result.start_s, 6.6, audio_index=1)


def test_sound_that_outlasts_the_picture_is_kept_and_counted(
    sources: dict[str, tuple[Path, Measured]], tmp_path: Path
) -> None:
    path, measured = sources["long_audio"]
    info = probe(path)
    assert info.duration_s == pytest.approx(12.0, abs=0.01)
    assert info.video_duration_s == pytest.approx(8.0, abs=0.01)
    result = trim(Stretch(path, 6.0, 11.5), tmp_path / "tail.mp4", mode=TrimMode.REENCODE)
    out = measure(result.path)
    assert out.beeps[-1] == pytest.approx(11.0 - 6.0, abs=0.005)
    assert out.flashes[-1] == pytest.approx(measured.flashes[-1] - 6.0, abs=FRAME)
    assert probe(result.path).duration_s == pytest.approx(5.5, abs=0.05)


def test_an_avi_cut_stays_avi_when_copied_and_says_when_it_cannot(
    sources: dict[str, tuple[Path, Measured]], tmp_path: Path
) -> None:
    path, measured = sources["avi_late_keys"]
    # --snap 4.0: the keyframe at 4.033 s is the in point, not the one 2 s before it.
    snapped = trim(Stretch(path, 4.0, 7.5), tmp_path / "snap.avi", mode=TrimMode.SNAP)
    assert snapped.method is TrimMethod.COPY and snapped.path.suffix == ".avi"
    assert snapped.start_s == pytest.approx(4.0 + FRAME, abs=1e-3)
    assert_cut_is_faithful(measured, snapped.path, snapped.start_s, 7.5)
    encoded = trim(Stretch(path, 3.1, 6.6), tmp_path / "mid.avi")
    assert encoded.path == tmp_path / "mid.mp4" and encoded.path.is_file()
    assert "written as mid.mp4" in encoded.note
    assert not (tmp_path / "mid.avi").exists()
    assert_cut_is_faithful(measured, encoded.path, 3.1, 6.6)


@pytest.mark.parametrize(("name", "suffix"), [("avchd", ".mts"), ("dvd", ".mpg")])
def test_camcorder_and_dvd_cuts_copy_into_their_own_container(
    name: str, suffix: str, sources: dict[str, tuple[Path, Measured]], tmp_path: Path
) -> None:
    path, measured = sources[name]
    result = trim(Stretch(path, 4.0, 7.5), tmp_path / f"cut{suffix}")
    assert result.method is TrimMethod.COPY and result.path.suffix == suffix
    out = measure(result.path)
    expected = [f - result.start_s for f in measured.flashes if 4.0 <= f < 7.5]
    assert out.flashes == pytest.approx(expected, abs=FRAME + 1e-3)
    assert abs(out.sync() - measured.sync()) <= SYNC_S
    assert ffmpeg_decode_errors(result.path) == ""


def test_a_failed_cut_never_names_the_temporary_file(
    sources: dict[str, tuple[Path, Measured]], tmp_path: Path
) -> None:
    path, _ = sources["long_audio"]
    target = tmp_path / "sound-only.mp4"
    # Past the picture's end (8 s) the clip is sound alone: there is nothing to encode.
    with pytest.raises(MediaError, match="no pictures") as caught:
        trim(Stretch(path, 9.0, 11.0), target, mode=TrimMode.REENCODE)
    assert ".part" not in str(caught.value) and str(target) in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_container_that_cannot_hold_the_codecs_gets_a_re_encode_or_words(
    sources: dict[str, tuple[Path, Measured]], tmp_path: Path
) -> None:
    path, measured = sources["vp9"]  # VP9 + Opus: AVI cannot carry Opus
    result = trim(Stretch(path, 4.0, 6.6), tmp_path / "cut.avi")
    assert result.method is TrimMethod.REENCODE and result.path == tmp_path / "cut.mp4"
    assert "cannot hold the clip's opus" in result.note and "written as cut.mp4" in result.note
    assert_cut_is_faithful(measured, result.path, result.start_s, 6.6)
    with pytest.raises(MediaError, match="cannot hold the clip's opus without re-encoding"):
        trim(Stretch(path, 4.0, 6.6), tmp_path / "copy.avi", mode=TrimMode.COPY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.mp4"]

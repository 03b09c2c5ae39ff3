"""Trimming every kind of clip: lossless from keyframes, re-encoded otherwise, atomic."""

from __future__ import annotations

import math
import subprocess
from collections.abc import Callable
from pathlib import Path

import av
import pytest

from evidencekit.domain.errors import Cancelled, MediaError
from evidencekit.domain.stretch import Stretch
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter
from evidencekit.media.editing.trim import TrimMethod, TrimMode, plan_trim, trim
from evidencekit.media.probe import probe
from tests.media.clips import RECIPES, make_clip


def decoded_times(path: Path) -> list[float]:
    """Every picture decodes (no missing references) and its time."""
    with av.open(str(path)) as container:
        return [float(f.time) for f in container.decode(video=0)]


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_snapped_trim_is_a_lossless_copy(
    name: str, clip: Callable[[str], Path], tmp_path: Path
) -> None:
    source = clip(name)
    plan = plan_trim(Stretch(source, 1.3, 2.5))
    assert plan.keyframe_before_s <= 1.3 and not plan.on_keyframe
    assert plan.keyframe_after_s is not None and plan.keyframe_after_s > 1.3
    target = tmp_path / f"cut{source.suffix}"
    result = trim(Stretch(source, 1.3, 2.5), target, mode=TrimMode.SNAP)
    assert result.method is TrimMethod.COPY and result.start_s == plan.keyframe_before_s
    info = probe(target)
    assert info.video_codec == RECIPES[name].probe_codec
    assert info.rotation == RECIPES[name].rotation
    assert info.has_audio is (RECIPES[name].audio_codec is not None)
    times = decoded_times(target)
    assert times[0] == pytest.approx(0.0, abs=0.01)
    # Keeps from the keyframe to the out point; B-frames may add a picture or two, no more.
    assert (
        2.5 - plan.keyframe_before_s - 0.1 <= info.duration_s <= 2.5 - plan.keyframe_before_s + 0.35
    )
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_trim_off_keyframe_re_encodes_exactly(
    name: str, clip: Callable[[str], Path], tmp_path: Path
) -> None:
    target = tmp_path / "cut.mp4"
    result = trim(Stretch(clip(name), 1.3, 2.5), target)
    # H.264 has only the head up to the next keyframe re-encoded (test_smart_cut.py);
    # with B-frames the end from 2.0 s is re-encoded too, leaving nothing to copy.
    if RECIPES[name].probe_codec == "h264" and name != "h264_mp4":
        assert result.method is TrimMethod.PARTIAL_REENCODE
        assert "up to the next keyframe is re-encoded" in result.note
    else:
        assert result.method is TrimMethod.REENCODE and "not on a keyframe" in result.note
    info = probe(target)
    assert (info.video_codec, info.rotation) == ("h264", RECIPES[name].rotation)
    assert info.duration_s == pytest.approx(1.2, abs=0.2)
    times = decoded_times(target)
    assert times[0] == pytest.approx(0.0, abs=0.07)
    assert times[-1] < 1.2


def test_trim_on_a_keyframe_copies_and_copy_mode_refuses_otherwise(
    clip: Callable[[str], Path], tmp_path: Path
) -> None:
    source = clip("h264_mp4")
    result = trim(Stretch(source, 1.0, 2.0), tmp_path / "a.mp4", mode=TrimMode.COPY)
    assert result.method is TrimMethod.COPY
    assert len(decoded_times(result.path)) >= 15
    with pytest.raises(MediaError, match=r"not on a keyframe.*1\.00 s or 2\.00 s"):
        trim(Stretch(source, 1.5, 2.0), tmp_path / "b.mp4", mode=TrimMode.COPY)
    forced = trim(Stretch(source, 1.0, 2.0), tmp_path / "c.mp4", mode=TrimMode.REENCODE)
    assert forced.method is TrimMethod.REENCODE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4", "c.mp4"]


@pytest.mark.parametrize(("end", "past"), [(2.0, 0), (2.5, 1)])
def test_a_copy_ends_at_the_out_point(
    end: float, past: int, clip: Callable[[str], Path], tmp_path: Path
) -> None:
    """With B-frames, every picture shown before the out point is kept, and of those shown
    after it only an anchor that one of them refers to (none when the out point is a
    keyframe). Counted by ffprobe; ffmpeg decodes the cut without an error."""
    source = clip("h264_mp4")
    cut = trim(Stretch(source, 1.0, end), tmp_path / "cut.mp4", mode=TrimMode.COPY).path
    shown = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time",
         "-of", "csv=p=0", str(cut)],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    times = sorted(float(t) for t in shown)
    before = [t for t in times if t < end - 1.0 - 1e-6]
    assert len(before) == math.ceil((end - 1.0) * probe(source).fps - 1e-6)
    assert len(times) - len(before) == past
    played = subprocess.run(["ffmpeg", "-v", "error", "-i", str(cut), "-f", "null", "-"],
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert played.stderr == ""


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (2.0, 1.0, "after the in point"),
        (-1.0, 1.0, "after the in point"),
        (9.0, 10.0, "past the end"),
    ],
)
def test_bad_cut_points(
    clip: Callable[[str], Path], tmp_path: Path, start: float, end: float, reason: str
) -> None:
    with pytest.raises(MediaError, match=reason):
        trim(Stretch(clip("h264_mp4"), start, end), tmp_path / "x.mp4")
    assert list(tmp_path.iterdir()) == []


def test_end_past_the_clip_is_clamped(clip: Callable[[str], Path], tmp_path: Path) -> None:
    result = trim(Stretch(clip("h264_mkv"), 1.0, 60.0), tmp_path / "x.mkv")
    assert result.end_s == pytest.approx(3.0, abs=0.05)


def test_refuses_to_overwrite_the_source_and_damaged_input(
    clip: Callable[[str], Path], truncated: Callable[[str], Path], tmp_path: Path
) -> None:
    with pytest.raises(MediaError, match="new file"):
        trim(Stretch(clip("h264_mp4"), 1.0, 2.0), clip("h264_mp4"))
    with pytest.raises(MediaError):
        trim(Stretch(truncated("h264_mkv"), 1.0, 2.0), tmp_path / "x.mkv")
    with pytest.raises(MediaError, match="folder"):
        trim(Stretch(clip("h264_mp4"), 1.0, 2.0), tmp_path / "missing" / "x.mp4")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("mode", [TrimMode.SNAP, TrimMode.REENCODE, TrimMode.AUTO])
def test_cancelling_leaves_nothing(mode: TrimMode, tmp_path: Path) -> None:
    source = make_clip(tmp_path / "long.mp4", "h264_mp4", seconds=30.0)
    if mode is TrimMode.AUTO:
        assert plan_trim(Stretch(source, 0.5, 29.0)).method is TrimMethod.PARTIAL_REENCODE
    out = tmp_path / "out"
    out.mkdir()
    token = CancelToken()

    def cancel_soon(event: ProgressEvent) -> None:
        if event.done > 0:
            token.cancel()

    with pytest.raises(Cancelled):
        trim(
            Stretch(source, 0.5, 29.0),
            out / "cut.mp4",
            mode=mode,
            reporter=Reporter(cancel_soon, token),
        )
    assert list(out.iterdir()) == []

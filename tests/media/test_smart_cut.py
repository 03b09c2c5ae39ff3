"""Trimming H.264 off a keyframe: only the pictures a copy cannot keep are re-encoded."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest

from evidencekit.domain.errors import MediaError
from evidencekit.domain.stretch import Stretch
from evidencekit.media.editing.h264_units import (
    annexb_units,
    build_avcc,
    length_prefix,
    length_prefixed_units,
    parse_avcc,
)
from evidencekit.media.editing.normalize import normalize
from evidencekit.media.editing.trim import TrimMethod, TrimMode, plan_trim, trim
from tests.bundle.chromium import Chromium
from tests.media.clips import Recipe, make_clip

FPS = 25
IN, OUT = 1.3, 4.5  # keyframes every 2 s: the head is 1.3..2.0
# Without B-frames the copy runs to the out point; with them it stops at the keyframe at
# 4.0 s, since a picture shown before 4.5 s may be decoded after one shown past it.
COPY_ENDS = {"plain": OUT, "bframes": 4.0}


@pytest.fixture(scope="module", params=sorted(COPY_ENDS))
def source(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    options = {"sc_threshold": "0"} | ({"bf": "2"} if request.param == "bframes" else {})
    recipe = Recipe(request.param, ".mp4", "mp4", "libx264", "aac", "h264", options=options)
    folder = tmp_path_factory.mktemp("smart")
    return make_clip(folder / f"{request.param}.mp4", recipe, seconds=6.0, fps=FPS, keyint=2 * FPS)


@pytest.fixture(scope="module")
def cut(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = trim(Stretch(source, IN, OUT), tmp_path_factory.mktemp("cut") / "cut.mp4")
    assert result.method is TrimMethod.PARTIAL_REENCODE
    assert result.note.startswith("Only the first 0.70 s up to the next keyframe")
    return result.path


def frames(path: Path) -> list[av.VideoFrame]:
    """Every picture, decoded with any error raised rather than concealed."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        video.codec_context.options = {"err_detect": "explode"}
        return list(container.decode(video))


def video_packets(path: Path, shift_s: float = 0.0) -> dict[int, bytes]:
    """Packet bytes by showing time (in the clock's ticks), moved on by ``shift_s``."""
    with av.open(str(path)) as container:
        tb = container.streams.video[0].time_base
        return {
            p.pts + round(shift_s / tb): bytes(p)
            for p in container.demux(video=0)
            if p.pts is not None
        }


def test_the_plan_says_what_is_re_encoded(source: Path) -> None:
    plan = plan_trim(Stretch(source, IN, OUT))
    assert plan.method is TrimMethod.PARTIAL_REENCODE and plan.partial is not None
    assert plan.partial.keyframe_s == pytest.approx(2.0)
    if COPY_ENDS[source.stem] == OUT:
        assert plan.partial.end_keyframe_s is None
        assert plan.note() == (
            "Only the first 0.70 s up to the next keyframe is re-encoded; "
            "the rest is copied losslessly. Start at 0.00 s or 2.00 s to copy it all."
        )
    else:
        assert plan.partial.end_keyframe_s == pytest.approx(4.0)
        assert "and the last 0.50 s from the last keyframe are re-encoded" in plan.note()


def test_every_picture_decodes_from_the_in_point_to_the_out_point(source: Path, cut: Path) -> None:
    ours, theirs = frames(cut), frames(source)
    kept = [f for f in theirs if IN <= f.time < OUT]
    # The picture on screen at 1.3 s (shown from 1.28 s) is the first, then 1.32 s onwards.
    assert len(ours) == len(kept) + 1 == 81
    times = [f.time for f in ours]
    assert times[0] == 0.0 and times == sorted(times)
    assert times[-1] == pytest.approx(kept[-1].time - IN)
    on_screen = max((f for f in theirs if f.time <= IN), key=lambda f: f.time)
    for mine, original in zip(ours, [on_screen, *kept], strict=True):
        difference = np.abs(
            mine.to_ndarray(format="gray").astype(int)
            - original.to_ndarray(format="gray").astype(int)
        )
        assert difference.mean() < 3.0, mine.time
    with av.open(str(cut)) as container:
        assert container.streams.video[0].codec_tag == "avc3"
        assert container.duration / av.time_base == pytest.approx(OUT - IN, abs=1 / FPS)


def test_the_copied_stretch_is_the_source_bit_for_bit(source: Path, cut: Path) -> None:
    with av.open(str(source)) as container:
        video = container.streams.video[0]
        tb, sets = video.time_base, parse_avcc(video.codec_context.extradata)
    assert sets is not None
    ours, theirs = video_packets(cut, shift_s=IN), video_packets(source)
    key, copy_end = round(2.0 / tb), round(COPY_ENDS[source.stem] / tb)
    copied = {pts: data for pts, data in theirs.items() if key <= pts < copy_end}
    assert len(copied) == sum(2.0 <= i / FPS < COPY_ENDS[source.stem] for i in range(6 * FPS))
    # Keyframes (K, and 4.0 s) are led by the source's parameter sets, K's taking over
    # from the head's; the rest are the source's packets as they were.
    keyframes = {pts for pts in copied if pts % round(2.0 / tb) == 0}
    assert len(keyframes) == (2 if copy_end > round(4.0 / tb) else 1)
    for pts in keyframes:
        assert ours[pts] == length_prefix(sets.sps + sets.pps) + copied.pop(pts)
    assert all(ours[pts] == data for pts, data in copied.items())
    # Decoded, the copied pictures are exactly the source's.
    decoded = {round(f.time, 3): f.to_ndarray(format="gray") for f in frames(source)}
    for frame in frames(cut):
        t = round(frame.time + IN, 3)
        if 2.0 <= t < COPY_ENDS[source.stem]:
            assert np.array_equal(frame.to_ndarray(format="gray"), decoded[t])


def test_the_sound_is_copied_in_step(cut: Path) -> None:
    with av.open(str(cut)) as container:
        audio = container.streams.audio[0]
        assert audio.codec_context.name == "aac"
        chunks = list(container.decode(audio))
    assert chunks[0].time == pytest.approx(0.0, abs=0.025)
    length = chunks[-1].time + chunks[-1].samples / chunks[-1].sample_rate
    assert length == pytest.approx(OUT - IN, abs=0.05)


def test_ffmpeg_plays_it_without_a_complaint(cut: Path) -> None:
    run = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(cut), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stderr == ""


PLAY_TO_THE_END = """
(async () => {
  const video = document.querySelector('video');
  video.muted = true;
  let error = null;
  await new Promise(done => {
    video.addEventListener('ended', done, {once: true});
    video.addEventListener('error', () => { error = video.error.code; done(); }, {once: true});
    video.play().catch(e => { error = String(e); done(); });
    setTimeout(done, 15000);
  });
  const quality = video.getVideoPlaybackQuality();
  return {error, ended: video.ended, duration: video.duration, width: video.videoWidth,
          frames: quality.totalVideoFrames};
})()
"""


@pytest.mark.slow
def test_chromium_plays_it_to_the_end(cut: Path) -> None:
    page = cut.with_suffix(".html")
    page.write_text(f'<!doctype html><video src="{cut.name}"></video>')
    browser = Chromium()
    try:
        seen = browser.evaluate_in(page.as_uri(), PLAY_TO_THE_END)
    finally:
        browser.close()
    assert seen["error"] is None and seen["ended"], seen
    assert seen["duration"] == pytest.approx(OUT - IN, abs=1 / FPS)
    assert seen["width"] == 320
    assert seen["frames"] > 0


def test_a_cut_clip_can_be_cut_again_copied_and_normalized(
    source: Path, cut: Path, tmp_path: Path
) -> None:
    # Its keyframes are at 0 s (head), 0.7 s (K) and 2.7 s (4.0 s in the source).
    again = trim(Stretch(cut, 1.0, 3.2), tmp_path / "again.mp4")
    assert again.method is TrimMethod.PARTIAL_REENCODE
    snapped = trim(Stretch(cut, 1.0, 3.2), tmp_path / "snapped.mp4", mode=TrimMode.SNAP)
    assert snapped.method is TrimMethod.COPY and snapped.start_s == pytest.approx(0.7)
    # Its copy for a bundle is encoded whole into plain avc1, which every browser plays.
    packed = normalize(again.path, tmp_path / "packed.mp4")
    assert packed.reencoded
    with av.open(str(packed.path)) as container:
        assert container.streams.video[0].codec_tag == "avc1"
    original = {round(f.time, 3): f.to_ndarray(format="gray") for f in frames(source)}
    for path, shift in ((again.path, IN + 1.0), (snapped.path, 2.0)):
        with av.open(str(path)) as container:
            assert container.streams.video[0].codec_tag == "avc3"
        pictures = frames(path)
        assert len(pictures) >= 45
        for frame in pictures[1:]:
            expected = original[round(frame.time + shift, 3)]
            difference = np.abs(frame.to_ndarray(format="gray").astype(int) - expected)
            assert difference.mean() < 3.0, (path.name, frame.time)
        run = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert run.stderr == ""


@pytest.mark.parametrize("name", ["vp9_webm", "mpeg4_avi"])
def test_other_codecs_are_re_encoded_whole(
    name: str, clip: Callable[[str], Path], tmp_path: Path
) -> None:
    assert plan_trim(Stretch(clip(name), 1.3, 2.9)).partial is None
    result = trim(Stretch(clip(name), 1.3, 2.9), tmp_path / "cut.mp4")
    assert result.method is TrimMethod.REENCODE and "not on a keyframe" in result.note
    assert len(frames(result.path)) == pytest.approx(1.6 * 15, abs=1)


def test_matroska_output_is_re_encoded_whole(source: Path, tmp_path: Path) -> None:
    # avc3 is an MP4 sample entry; a Matroska copy could not carry the mixed parameter sets.
    result = trim(Stretch(source, IN, OUT), tmp_path / "cut.mkv")
    assert result.method is TrimMethod.REENCODE
    # The pictures from 1.32 s (less than a frame after the in point, so it opens the cut)
    # up to 4.48 s.
    assert len(frames(result.path)) == round((OUT - IN) * FPS)


def test_copy_mode_still_refuses_and_reencode_mode_still_re_encodes(
    source: Path, tmp_path: Path
) -> None:
    with pytest.raises(MediaError, match="not on a keyframe"):
        trim(Stretch(source, IN, OUT), tmp_path / "a.mp4", mode=TrimMode.COPY)
    forced = trim(Stretch(source, IN, OUT), tmp_path / "b.mp4", mode=TrimMode.REENCODE)
    assert forced.method is TrimMethod.REENCODE


def test_avcc_records_and_nal_unit_framing_round_trip() -> None:
    sps, pps = bytes([0x67, 100, 0, 13, 0xAC]), bytes([0x68, 0xEE, 0x3C, 0x80])
    sets = parse_avcc(build_avcc(sps, pps))
    assert sets is not None and (sets.length_size, sets.sps, sets.pps) == (4, (sps,), (pps,))
    assert parse_avcc(b"\x00\x01") is None and parse_avcc(build_avcc(sps, pps)[:12]) is None
    annexb = b"\x00\x00\x00\x01" + sps + b"\x00\x00\x01" + pps + b"\x00\x00\x00\x01\x65\x88"
    assert annexb_units(annexb) == [sps, pps, b"\x65\x88"]
    assert length_prefixed_units(length_prefix([sps, pps])) == [sps, pps]

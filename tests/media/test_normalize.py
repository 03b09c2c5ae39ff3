"""Normalizing every kind of clip to H.264 + AAC MP4: under the cap, index first, in sync."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import av
import numpy as np
import pytest

from evidencekit.domain.errors import Cancelled, MediaError
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter
from evidencekit.media.editing.normalize import choose_settings, normalize
from evidencekit.media.probe import MediaInfo, probe
from tests.bundle.chromium import Chromium
from tests.media.clips import RECIPES, make_clip


def top_level_boxes(path: Path) -> list[str]:
    boxes, data, at = [], path.read_bytes(), 0
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size == 1:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        boxes.append(kind.decode())
        at += size if size else len(data)
    return boxes


@pytest.fixture(scope="module")
def normalized(
    clip: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("normalized")
    return {
        name: normalize(clip(name), folder / f"{name}.mp4", max_mb=1, force_encode=True).path
        for name in RECIPES
    }


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_every_kind_becomes_browser_ready_mp4(
    name: str, clip: Callable[[str], Path], normalized: dict[str, Path]
) -> None:
    recipe, source = RECIPES[name], probe(clip(name))
    info = probe(normalized[name])
    assert (info.video_codec, info.audio_codec) == (
        "h264",
        "aac" if recipe.audio_codec else None,
    )
    boxes = top_level_boxes(normalized[name])
    assert boxes.index("moov") < boxes.index("mdat")  # plays before it has fully downloaded
    assert info.rotation == source.rotation  # portrait stays portrait
    assert (info.display_width, info.display_height) == (
        source.display_width,
        source.display_height,
    )
    assert info.duration_s == pytest.approx(source.duration_s, abs=0.12)
    assert info.size_bytes <= 1_000_000


def test_variable_frame_rate_keeps_every_picture_at_its_time(
    clip: Callable[[str], Path], normalized: dict[str, Path]
) -> None:
    def times(path: Path) -> list[float]:
        with av.open(str(path)) as container:
            return [round(float(f.time), 3) for f in container.decode(video=0)]

    before, after = times(clip("vfr")), times(normalized["vfr"])
    assert len(after) == len(before)
    assert np.allclose(after, before, atol=0.002)
    assert probe(normalized["vfr"]).variable_frame_rate


def test_sound_stays_in_step_with_the_picture(
    clip: Callable[[str], Path], normalized: dict[str, Path]
) -> None:
    with av.open(str(normalized["phone_portrait"])) as container:
        audio = container.streams.audio[0]
        first = next(container.decode(audio))
        assert first.time == pytest.approx(0.0, abs=0.05)
        assert float(audio.duration * audio.time_base) == pytest.approx(3.0, abs=0.1)


def test_bitrate_follows_duration_and_cap() -> None:
    info = probe_like(duration_s=600.0, has_audio=True)
    settings = choose_settings(info, max_mb=200)
    total = (settings.video_bitrate or 0) + settings.audio_bitrate
    assert total * 600 / 8 < 200_000_000 * 0.95  # room left for the index
    assert settings.max_short_side == 720
    small = choose_settings(info, max_mb=40)
    assert small.max_short_side in (360, 480) and small.video_bitrate < settings.video_bitrate
    with pytest.raises(MediaError, match="cannot be made to fit in 5 MB"):
        choose_settings(info, max_mb=5)


def probe_like(duration_s: float, has_audio: bool) -> MediaInfo:
    return MediaInfo(
        "x.mp4",
        "mov",
        duration_s,
        1,
        1920,
        1080,
        1920,
        1080,
        30.0,
        False,
        "hevc",
        "aac" if has_audio else None,
        0,
        has_audio,
        None,
        duration_s,
    )


def test_a_tight_cap_is_met(tmp_path: Path) -> None:
    busy = make_clip(tmp_path / "busy.mkv", "h264_mkv", seconds=4.0)
    result = normalize(busy, tmp_path / "small.mp4", max_mb=0.25)
    assert result.reencoded and result.size_bytes <= 250_000


def test_browser_ready_clip_is_rewrapped_not_reencoded(
    clip: Callable[[str], Path], tmp_path: Path
) -> None:
    result = normalize(clip("h264_mp4"), tmp_path / "copy.mp4", max_mb=5)
    assert not result.reencoded
    boxes = top_level_boxes(result.path)
    assert boxes.index("moov") < boxes.index("mdat")
    with av.open(str(clip("h264_mp4"))) as a, av.open(str(result.path)) as b:
        assert [bytes(p) for p in a.demux(video=0) if p.size] == [
            bytes(p) for p in b.demux(video=0) if p.size
        ]


def test_refusals_leave_nothing(
    clip: Callable[[str], Path], truncated: Callable[[str], Path], tmp_path: Path
) -> None:
    with pytest.raises(MediaError, match=r"\.mp4"):
        normalize(clip("h264_mp4"), tmp_path / "out.webm")
    with pytest.raises(MediaError):
        normalize(truncated("vp9_webm"), tmp_path / "out.mp4")
    with pytest.raises(MediaError, match="cannot be made to fit"):
        normalize(clip("hevc"), tmp_path / "out.mp4", max_mb=0.05)
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_nothing(tmp_path: Path) -> None:
    source = make_clip(tmp_path / "long.webm", "vp9_webm", seconds=20.0)
    out = tmp_path / "out"
    out.mkdir()
    token = CancelToken()

    def cancel_soon(event: ProgressEvent) -> None:
        if event.done > 1:
            token.cancel()

    with pytest.raises(Cancelled):
        normalize(source, out / "n.mp4", reporter=Reporter(cancel_soon, token))
    assert list(out.iterdir()) == []


PLAY_TO_THE_END = """
(async () => {
  const out = [];
  for (const video of document.querySelectorAll('video')) {
    await new Promise(ok => {
      if (video.readyState >= 1) return ok();
      video.addEventListener('loadedmetadata', ok, {once: true});
      video.addEventListener('error', ok, {once: true});
    });
    video.playbackRate = 4;
    let error = video.error ? video.error.code : null;
    const ended = new Promise(ok => {
      video.addEventListener('ended', () => ok(true), {once: true});
      setTimeout(() => ok(false), 20000);
    });
    try { await video.play(); } catch (e) { error = String(e); }
    const reachedEnd = await ended;
    out.push({src: video.getAttribute('src'), duration: video.duration, error, reachedEnd,
              time: video.currentTime, width: video.videoWidth, height: video.videoHeight});
  }
  return out;
})()
"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    browser = Chromium()
    yield browser
    browser.close()


@pytest.mark.slow
def test_normalized_clips_play_to_the_end_in_chromium(
    normalized: dict[str, Path], chromium: Chromium
) -> None:
    folder = next(iter(normalized.values())).parent
    page = folder / "index.html"
    page.write_text(
        "<!doctype html><meta charset=utf-8><body>"
        + "".join(f'<video src="{p.name}" muted></video>' for p in normalized.values())
    )
    results = chromium.evaluate_in(page.as_uri(), PLAY_TO_THE_END)
    assert len(results) == len(normalized)
    for seen in results:
        name = seen["src"].removesuffix(".mp4")
        info = probe(normalized[name])
        assert seen["error"] is None, seen
        assert seen["duration"] == pytest.approx(info.duration_s, abs=0.1), seen
        assert seen["reachedEnd"] and seen["time"] == pytest.approx(seen["duration"], abs=0.1)
        # Chromium applies the display matrix: a phone's portrait clip is shown upright.
        assert (seen["width"], seen["height"]) == (info.display_width, info.display_height)

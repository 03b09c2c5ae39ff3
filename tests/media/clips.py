"""Generating the kinds of clip teachers bring: phone portrait, VFR, HEVC, AVI, WebM, silent.

Every clip is small (a few seconds at 320x180) so tests stay quick. Pictures and
sound come from the demo's classroom generator so the content looks like a lesson.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from evidencekit.media.synth import classroom_frame, voice_chunk

RATE = 48_000
W, H = 320, 180


@dataclass(frozen=True)
class Recipe:
    name: str
    suffix: str
    container: str
    video_codec: str
    audio_codec: str | None
    probe_codec: str  # what probe reports for the video
    rotation: int = 0
    vfr: bool = False
    options: dict[str, str] | None = None


RECIPES = {
    r.name: r
    for r in (
        Recipe("h264_mp4", ".mp4", "mp4", "libx264", "aac", "h264", options={"bf": "2"}),
        Recipe("phone_portrait", ".mov", "mov", "libx264", "aac", "h264", rotation=90),
        Recipe("vfr", ".mp4", "mp4", "libx264", "aac", "h264", vfr=True),
        Recipe(
            "hevc",
            ".mp4",
            "mp4",
            "libx265",
            "aac",
            "hevc",
            options={"x265-params": "log-level=error"},
        ),
        Recipe("mpeg4_avi", ".avi", "avi", "mpeg4", "mp3", "mpeg4"),
        Recipe("vp9_webm", ".webm", "webm", "libvpx-vp9", "libopus", "vp9"),
        Recipe("h264_mkv", ".mkv", "matroska", "libx264", "aac", "h264"),
        Recipe("silent_m4v", ".m4v", "mp4", "libx264", None, "h264"),
    )
}


def _frame_times(seconds: float, fps: int, vfr: bool) -> list[float]:
    if not vfr:
        return [i / fps for i in range(round(seconds * fps))]
    # A phone under load: bursts at the full rate, then stretches at a third of it.
    times, t, i = [], 0.0, 0
    while t < seconds - 1e-9:
        times.append(t)
        t += (1 / fps) if (i // 10) % 2 == 0 else (3 / fps)
        i += 1
    return times


def make_clip(
    path: Path,
    recipe: Recipe | str,
    *,
    seconds: float = 3.0,
    fps: int = 15,
    keyint: int | None = None,
    dark: bool = False,
    quiet: bool = False,
) -> Path:
    r = RECIPES[recipe] if isinstance(recipe, str) else recipe
    rng = np.random.default_rng(3)
    keyint = keyint or fps  # a keyframe each second, like many phones
    with av.open(str(path), "w", format=r.container) as out:
        video = out.add_stream(r.video_codec, rate=fps)
        video.width, video.height, video.pix_fmt = W, H, "yuv420p"
        opts = {"g": str(keyint)}
        if r.video_codec == "libx264":
            opts |= {"preset": "ultrafast", "crf": "30"}
        elif r.video_codec == "libx265":
            opts |= {"preset": "ultrafast", "crf": "32"}
        elif r.video_codec == "libvpx-vp9":
            opts |= {"deadline": "realtime", "cpu-used": "8", "crf": "40", "b": "0"}
        video.options = opts | (r.options or {})
        if r.vfr:
            video.time_base = Fraction(1, 1000)
            video.codec_context.time_base = Fraction(1, 1000)
        if r.rotation:
            video.set_display_rotation(r.rotation)
        audio = None
        if r.audio_codec:
            audio = out.add_stream(r.audio_codec, rate=RATE)
            audio.layout = "mono"
        times = _frame_times(seconds, fps, r.vfr)
        for i, t in enumerate(times):
            image = classroom_frame(i, fps, W, H)
            if dark:
                image = (image * 0.05).astype(np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="bgr24")
            if r.vfr:
                frame.pts, frame.time_base = round(t * 1000), Fraction(1, 1000)
            else:
                frame.pts, frame.time_base = i, Fraction(1, fps)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if audio is not None:
            _write_audio(out, audio, seconds, rng, quiet)
    return path


def _write_audio(
    out: av.container.OutputContainer,
    audio: av.audio.stream.AudioStream,
    seconds: float,
    rng: np.random.Generator,
    quiet: bool,
) -> None:
    total, chunk = round(seconds * RATE), 1024
    for start in range(0, total, chunk):
        n = min(chunk, total - start)
        samples = voice_chunk(start, n, rng, RATE)
        if quiet:
            samples = samples * 0.0005
        frame = av.AudioFrame.from_ndarray(samples[np.newaxis, :], format="flt", layout="mono")
        frame.sample_rate, frame.pts = RATE, start
        out.mux(audio.encode(frame))
    out.mux(audio.encode(None))


def truncate(source: Path, target: Path, keep: float = 0.6) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


ClipMaker = Callable[[str], Path]

"""A generated, classroom-like clip (whiteboard, moving pupils, a voice-like tone).

Used by the demo and by tests across the project, so it must be quick to make.
"""

from __future__ import annotations

import math
import os
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from evidencekit.domain.tasks import Reporter
from evidencekit.media.atomic import atomic_output

SAMPLE_RATE = 44_100


def classroom_frame(index: int, fps: int, width: int, height: int) -> np.ndarray:
    t = index / fps
    image = np.full((height, width, 3), (208, 222, 232), np.uint8)  # classroom wall (BGR)
    board_w, board_h = int(width * 0.62), int(height * 0.42)
    x0, y0 = int(width * 0.19), int(height * 0.08)
    cv2.rectangle(image, (x0, y0), (x0 + board_w, y0 + board_h), (250, 250, 250), -1)
    cv2.rectangle(image, (x0, y0), (x0 + board_w, y0 + board_h), (90, 90, 90), 2)
    scale = height / 360
    cv2.putText(
        image,
        "3/8  ?  2/5",
        (x0 + int(20 * scale), y0 + int(60 * scale)),
        cv2.FONT_HERSHEY_SIMPLEX,
        1.1 * scale,
        (150, 60, 20),
        max(1, int(2 * scale)),
    )
    cv2.putText(
        image,
        f"{int(t) // 60:02d}:{int(t) % 60:02d}",
        (int(10 * scale), height - 10),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.6 * scale,
        (40, 40, 40),
        1,
    )
    # Rows of pupils whose heads bob, and a teacher who walks along the board.
    for row in range(2):
        for col in range(6):
            cx = int(width * (0.1 + col * 0.16))
            cy = int(height * (0.68 + row * 0.17)) + int(4 * scale * math.sin(t * 2 + col + row))
            cv2.circle(image, (cx, cy), int(18 * scale), (60 + 20 * col, 120, 200 - 20 * row), -1)
            if (col + row + int(t)) % 5 == 0:  # a raised whiteboard
                cv2.rectangle(
                    image,
                    (cx - int(14 * scale), cy - int(50 * scale)),
                    (cx + int(14 * scale), cy - int(28 * scale)),
                    (255, 255, 255),
                    -1,
                )
    teacher_x = int(width * (0.25 + 0.5 * (0.5 + 0.5 * math.sin(t * 0.7))))
    cv2.circle(image, (teacher_x, int(height * 0.52)), int(24 * scale), (70, 90, 140), -1)
    return image


def voice_chunk(
    start: int, count: int, rng: np.random.Generator, rate: int = SAMPLE_RATE
) -> np.ndarray:
    """A voice-like tone: a low carrier whose loudness follows syllable-like bursts."""
    n = np.arange(start, start + count) / rate
    syllables = 0.5 + 0.5 * np.sin(2 * np.pi * 3.2 * n) * np.sin(2 * np.pi * 0.4 * n)
    voice = 0.25 * syllables * np.sin(2 * np.pi * (160 + 25 * np.sin(2 * np.pi * 0.9 * n)) * n)
    room = 0.01 * rng.standard_normal(count)
    return (voice + room).astype(np.float32)


def make_classroom_clip(
    path: str | os.PathLike[str],
    *,
    seconds: float = 12.0,
    width: int = 640,
    height: int = 360,
    fps: int = 15,
    with_audio: bool = True,
    reporter: Reporter | None = None,
) -> None:
    """Write an H.264 + AAC MP4 (index at the front), atomically."""
    reporter = reporter or Reporter.silent()
    target = Path(path)
    with atomic_output(target) as temp:  # with the umask's permissions, not mkstemp's 0600
        _encode(temp, seconds, width, height, fps, with_audio, reporter)


def _encode(
    out: Path,
    seconds: float,
    width: int,
    height: int,
    fps: int,
    with_audio: bool,
    reporter: Reporter,
) -> None:
    frames = max(1, round(seconds * fps))
    rng = np.random.default_rng(7)
    with av.open(str(out), "w", format="mp4", options={"movflags": "faststart"}) as container:
        video = container.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "veryfast", "crf": "28"}
        audio = None
        if with_audio:
            audio = container.add_stream("aac", rate=SAMPLE_RATE)
            audio.layout = "mono"
        samples_per_frame = SAMPLE_RATE // fps
        for index in range(frames):
            reporter.check()
            picture = av.VideoFrame.from_ndarray(
                classroom_frame(index, fps, width, height), format="bgr24"
            )
            picture.pts = index
            picture.time_base = Fraction(1, fps)
            container.mux(video.encode(picture))
            if audio is not None:
                chunk = voice_chunk(index * samples_per_frame, samples_per_frame, rng)
                sound = av.AudioFrame.from_ndarray(
                    chunk[np.newaxis, :], format="flt", layout="mono"
                )
                sound.sample_rate = SAMPLE_RATE
                sound.pts = index * samples_per_frame
                container.mux(audio.encode(sound))
            reporter.report(index + 1, frames, "Generating a sample clip")
        container.mux(video.encode(None))
        if audio is not None:
            container.mux(audio.encode(None))

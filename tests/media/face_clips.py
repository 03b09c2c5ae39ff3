"""Clips with real faces whose true boxes are known, for the redaction tests and benchmark.

The face is scikit-image's astronaut photograph (public domain), pasted onto the
demo classroom at several sizes, moving along known paths; some copies are
squeezed sideways (a head partly turned), covered by a hand for a while, or
lying on their side (a face the detector cannot see). Sound is the demo's voice.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import av
import cv2
import numpy as np
from skimage import data

from evidencekit.domain.redaction import Box
from evidencekit.media.synth import classroom_frame, voice_chunk

RATE = 48_000
# The face inside the photograph's crop below (found once with OpenCV's frontal cascade).
_CROP = (slice(20, 210), slice(150, 305))
_FACE = (27.0, 46.0, 95.0, 95.0)  # x, y, w, h inside the crop


@cache
def _sprite() -> np.ndarray:
    rgb = data.astronaut()[_CROP]
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2BGR)


Path2D = Callable[[float], tuple[float, float]]


@dataclass(frozen=True)
class Actor:
    face: int  # face height in pixels
    centre: Path2D  # where the face's centre is at a time (fractions of the frame)
    turn: float = 0.0  # 0..0.5: squeezed sideways, like a head partly turned
    covered: tuple[float, float] | None = None  # seconds during which a hand covers half of it
    sideways: bool = False  # lying on its side
    scene: int | None = None  # shown only before (0) or after (1) the clip's cut
    walks_in: bool = False  # may stand partly outside the picture (coming in from the edge)


def glide(x0: float, y0: float, x1: float, y1: float, seconds: float) -> Path2D:
    """From one point to another and back, smoothly, over ``seconds``."""

    def at(t: float) -> tuple[float, float]:
        k = 0.5 - 0.5 * math.cos(2 * math.pi * t / seconds)
        return x0 + (x1 - x0) * k, y0 + (y1 - y0) * k

    return at


def _paste(frame: np.ndarray, actor: Actor, t: float) -> Box | None:
    scale = actor.face / _FACE[3]
    sprite = _sprite()
    w = max(4, round(sprite.shape[1] * scale * (1 - actor.turn)))
    h = max(4, round(sprite.shape[0] * scale))
    picture = cv2.resize(sprite, (w, h), interpolation=cv2.INTER_AREA)
    fx, fy = _FACE[0] * scale * (1 - actor.turn), _FACE[1] * scale
    fw, fh = _FACE[2] * scale * (1 - actor.turn), _FACE[3] * scale
    if actor.sideways:
        picture = cv2.rotate(picture, cv2.ROTATE_90_CLOCKWISE)
        fx, fy, fw, fh = h - fy - fh, fx, fh, fw
        w, h = h, w
    cx, cy = actor.centre(t)
    x = round(cx * frame.shape[1] - fx - fw / 2)
    y = round(cy * frame.shape[0] - fy - fh / 2)
    if actor.walks_in:
        return _paste_clipped(frame, picture, x, y, Box(x + fx, y + fy, fw, fh))
    x = min(max(x, 0), frame.shape[1] - w)
    y = min(max(y, 0), frame.shape[0] - h)
    frame[y : y + h, x : x + w] = picture
    if actor.covered is not None and actor.covered[0] <= t < actor.covered[1]:
        hand = (
            round(x + fx),
            round(y + fy + fh * 0.45),
            round(x + fx + fw * 0.7),
            round(y + fy + fh),
        )
        cv2.rectangle(frame, hand[:2], hand[2:], (120, 150, 200), -1)
    return Box(x + fx, y + fy, fw, fh)


def _paste_clipped(frame: np.ndarray, picture: np.ndarray, x: int, y: int, face: Box) -> Box | None:
    """Paste what lies inside the frame; the face's visible part, or None if none is."""
    h, w = picture.shape[:2]
    x0, x1 = max(0, x), min(frame.shape[1], x + w)
    if x1 > x0:
        frame[y : y + h, x0:x1] = picture[:, x0 - x : x1 - x]
    left, right = max(0.0, face.x), min(float(frame.shape[1]), face.x + face.w)
    if right - left < 2:
        return None
    return Box(left, face.y, right - left, face.h)


def make_face_clip(
    target: Path,
    actors: list[Actor],
    *,
    seconds: float = 3.0,
    width: int = 640,
    height: int = 360,
    fps: int = 15,
    audio: bool = True,
    crf: int = 18,
    rotation: int = 0,
    cut_at: float | None = None,
    light: float = 1.0,
) -> list[list[Box | None]]:
    """Write the clip; returns the true face box of each actor in each frame (None where an
    actor is not in the picture).

    ``rotation`` is the display matrix's turn, as a phone filming in portrait writes it.
    ``cut_at`` (seconds) cuts to another camera: the room mirrored and darker. ``light``
    dims the whole picture (a dark room).
    """
    truth: list[list[Box | None]] = [[] for _ in actors]
    frames = round(seconds * fps)
    rng = np.random.default_rng(3)
    with av.open(str(target), "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "veryfast", "crf": str(crf)}
        if rotation:
            video.set_display_rotation(rotation)
        sound = None
        if audio:
            sound = out.add_stream("aac", rate=RATE)
            sound.layout = "mono"
        per_frame = RATE // fps
        for index in range(frames):
            t = index / fps
            picture = classroom_frame(index, fps, width, height)
            part = int(cut_at is not None and t >= cut_at)
            if part:
                picture = np.ascontiguousarray(picture[:, ::-1] // 2)
            for n, actor in enumerate(actors):
                shown = actor.scene is None or actor.scene == part
                truth[n].append(_paste(picture, actor, t) if shown else None)
            if light != 1.0:
                picture = (picture * light).astype(np.uint8)
            frame = av.VideoFrame.from_ndarray(picture, format="bgr24")
            frame.pts, frame.time_base = index, Fraction(1, fps)
            out.mux(video.encode(frame))
            if sound is not None:
                chunk = voice_chunk(index * per_frame, per_frame, rng, RATE)
                block = av.AudioFrame.from_ndarray(
                    chunk[np.newaxis, :], format="flt", layout="mono"
                )
                block.sample_rate, block.pts = RATE, index * per_frame
                out.mux(sound.encode(block))
        out.mux(video.encode(None))
        if sound is not None:
            out.mux(sound.encode(None))
    return truth


def four_faces() -> list[Actor]:
    """The teacher (large, walking) and three pupils, one partly turned, one covered a while."""
    return [
        Actor(90, glide(0.22, 0.35, 0.45, 0.4, 3.0)),
        Actor(60, glide(0.7, 0.3, 0.6, 0.35, 2.5)),
        Actor(55, glide(0.15, 0.75, 0.3, 0.72, 3.5), turn=0.25),
        Actor(50, glide(0.85, 0.72, 0.72, 0.7, 3.0), covered=(1.0, 1.6)),
    ]


def sharpness(frame: np.ndarray, box: Box) -> float:
    """Variance of the Laplacian inside a box: high for a sharp face, low once blurred."""
    x0, y0 = max(0, int(box.x)), max(0, int(box.y))
    crop = frame[y0 : int(box.y + box.h), x0 : int(box.x + box.w)]
    return float(cv2.Laplacian(crop, cv2.CV_64F).var())


def decoded_grey(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="gray") for f in container.decode(video=0)]

"""Classroom scenes built from photographs of many different people, with every face's truth.

People: scikit-image's astronaut photograph (Eileen Collins, public domain) for the
larger faces, and the 100 faces of scikit-image's LFW subset (25×25 crops of
different people) for the smaller ones, so no scene is one face pasted many
times. The LFW crops are grey; they are given a skin tone (brightness kept), since
a grey face in a coloured room is a picture no detector was trained on: deface
feeds the network colour and missed several of them for that alone, while
EvidenceKit (which looks at brightness only) saw no difference. The wall is
textured with scikit-image's brick photograph, so blurring the room by mistake is
measurable. Each face is pasted at a size, position, tilt and
sideways squeeze that change over time; its truth per frame is the box around its
inner part (eyes, nose, mouth), the region that must lose its detail.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import av
import cv2
import numpy as np
from skimage import data

from evidencekit.domain.redaction import Box
from evidencekit.media.synth import classroom_frame

WIDTH, HEIGHT, FPS = 1280, 720, 30
_ASTRONAUT = (slice(20, 210), slice(150, 305))  # her head inside the photograph
_ASTRONAUT_FACE = (27.0, 46.0, 95.0, 95.0)  # x, y, w, h of the face inside that crop
_SKIN = np.array([0.71, 0.92, 1.15], np.float32)  # B, G, R gains of a skin tone, brightness ~1
INNER = 0.6  # the share of the face box, around its centre, that must lose its detail

Path2D = Callable[[float], tuple[float, float]]


@cache
def _astronaut() -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(data.astronaut()[_ASTRONAUT]), cv2.COLOR_RGB2BGR)


@cache
def _lfw() -> np.ndarray:
    faces = data.lfw_subset()[:100]
    return (faces * 255).astype(np.uint8) if faces.dtype != np.uint8 else faces


@cache
def _wall() -> np.ndarray:
    brick = cv2.resize(data.brick(), (WIDTH, HEIGHT), interpolation=cv2.INTER_LINEAR)
    return brick.astype(np.int16) - int(brick.mean())


def _sprite(person: int) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """A photograph and the face box inside it: person 0 is the astronaut, others LFW."""
    if person == 0:
        return _astronaut(), _ASTRONAUT_FACE
    grey = _lfw()[person % 100].astype(np.float32)
    face = np.clip(grey[..., None] * _SKIN, 0, 255).astype(np.uint8)
    return face, (2.0, 2.0, 21.0, 21.0)


def still(x: float, y: float) -> Path2D:
    return lambda _t: (x, y)


def sway(x: float, y: float, dx: float, dy: float, period: float = 3.0) -> Path2D:
    return lambda t: (x + dx * math.sin(2 * math.pi * t / period), y + dy * math.sin(math.pi * t))


def walk_in(x0: float, y0: float, x1: float, y1: float, seconds: float, delay: float = 0) -> Path2D:
    """From x0 (often outside the picture) to x1 over ``seconds``, then standing."""

    def at(t: float) -> tuple[float, float]:
        k = min(1.0, max(0.0, (t - delay) / seconds))
        return x0 + (x1 - x0) * k, y0 + (y1 - y0) * k

    return at


@dataclass(frozen=True)
class Face:
    person: int
    size: int  # face height in pixels
    centre: Path2D  # fractions of the frame
    angle: float = 0.0  # tilt, degrees counter-clockwise
    turn: float = 0.0  # 0..0.5 squeezed sideways, a head turned toward a neighbour
    covered: tuple[float, float] | None = None  # seconds a hand covers its lower half
    scene: int | None = None  # shown only in this scene of a clip with cuts


@dataclass(frozen=True)
class Scene:
    name: str
    faces: tuple[Face, ...]
    seconds: float = 3.0
    light: float = 1.0  # brightness factor (low light)
    noise: float = 0.0  # sensor noise, grey levels
    cuts: tuple[float, ...] = ()  # seconds at which the camera cuts to another view


def _scene_of(scene: Scene, t: float) -> int:
    return sum(t >= c for c in scene.cuts)


def _background(index: int, part: int) -> np.ndarray:
    room = classroom_frame(index, FPS, WIDTH, HEIGHT).astype(np.int16)
    room += (_wall() * 0.6).astype(np.int16)[..., None]
    if part % 2:
        room = room[:, ::-1] - 35  # the other camera: mirrored and darker
    return np.clip(room, 0, 255).astype(np.uint8)


def _paste(frame: np.ndarray, face: Face, t: float) -> Box | None:
    """Paste one face; returns its inner box, or None when it is outside the picture."""
    sprite, (fx, fy, fw, fh) = _sprite(face.person)
    k = face.size / fh
    sx = k * (1 - face.turn)
    w, h = max(2, round(sprite.shape[1] * sx)), max(2, round(sprite.shape[0] * k))
    picture = cv2.resize(sprite, (w, h), interpolation=cv2.INTER_AREA)
    fx, fy, fw, fh = fx * sx, fy * k, fw * sx, fh * k
    if face.covered is not None and face.covered[0] <= t < face.covered[1]:
        hand = (round(fx), round(fy + fh * 0.45), round(fx + fw * 0.8), round(fy + fh))
        cv2.rectangle(picture, hand[:2], hand[2:], (120, 150, 200), -1)
    mask = np.full((h, w), 255, np.uint8)
    face_cx, face_cy = fx + fw / 2, fy + fh / 2
    side = math.ceil(math.hypot(w, h)) + 2
    turn = cv2.getRotationMatrix2D((face_cx, face_cy), face.angle, 1.0)
    turn[0, 2] += side / 2 - face_cx
    turn[1, 2] += side / 2 - face_cy
    picture = cv2.warpAffine(picture, turn, (side, side))
    mask = cv2.warpAffine(mask, turn, (side, side))
    cx, cy = face.centre(t)
    x, y = round(cx * WIDTH - side / 2), round(cy * HEIGHT - side / 2)
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(WIDTH, x + side), min(HEIGHT, y + side)
    if x1 <= x0 or y1 <= y0:
        return None
    region = frame[y0:y1, x0:x1]
    inside = mask[y0 - y : y1 - y, x0 - x : x1 - x] > 127
    region[inside] = picture[y0 - y : y1 - y, x0 - x : x1 - x][inside]
    # The inner part of the face, turned with it: the upright box around it.
    rad = math.radians(face.angle)
    a, b = fw * INNER / 2, fh * INNER / 2
    half_w = abs(a * math.cos(rad)) + abs(b * math.sin(rad))
    half_h = abs(a * math.sin(rad)) + abs(b * math.cos(rad))
    inner = Box(cx * WIDTH - half_w, cy * HEIGHT - half_h, 2 * half_w, 2 * half_h)
    visible_w = min(inner.x + inner.w, WIDTH) - max(inner.x, 0)
    visible_h = min(inner.y + inner.h, HEIGHT) - max(inner.y, 0)
    if visible_w < 2 or visible_h < 2:
        return None
    return inner


def _writer(out: av.container.OutputContainer) -> av.VideoStream:
    video = out.add_stream("libx264", rate=FPS)
    video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
    video.options = {"preset": "veryfast", "crf": "18"}
    return video


def _put(
    out: av.container.OutputContainer, video: av.VideoStream, picture: np.ndarray, index: int
) -> None:
    frame = av.VideoFrame.from_ndarray(picture, format="bgr24")
    frame.pts, frame.time_base = index, Fraction(1, FPS)
    out.mux(video.encode(frame))


def make_scene(target: Path, scene: Scene, noiseless: Path | None = None) -> list[list[Box | None]]:
    """Write the scene as H.264 (no sound); returns each face's inner box per frame.

    ``noiseless`` also gets the scene as it was before sensor noise was added: the room's
    real texture, against which lost detail is judged (an encoder smooths noise away)."""
    frames = round(scene.seconds * FPS)
    truth: list[list[Box | None]] = [[] for _ in scene.faces]
    rng = np.random.default_rng(7)
    with ExitStack() as stack:
        out = stack.enter_context(av.open(str(target), "w", format="mp4"))
        video = _writer(out)
        clean = None
        if noiseless is not None:
            clean_out = stack.enter_context(av.open(str(noiseless), "w", format="mp4"))
            clean = (clean_out, _writer(clean_out))
        for index in range(frames):
            t = index / FPS
            part = _scene_of(scene, t)
            picture = _background(index, part)
            for n, face in enumerate(scene.faces):
                shown = face.scene is None or face.scene == part
                truth[n].append(_paste(picture, face, t) if shown else None)
            dim = picture.astype(np.float32) * scene.light
            if clean is not None:
                _put(*clean, np.clip(dim, 0, 255).astype(np.uint8), index)
            dim += rng.normal(0, scene.noise, dim.shape[:2])[..., None] if scene.noise else 0
            _put(out, video, np.clip(dim, 0, 255).astype(np.uint8), index)
        for container, stream in (*([clean] if clean else []), (out, video)):
            container.mux(stream.encode(None))
    return truth


def scenes() -> list[Scene]:
    lfw = iter(range(1, 100))
    return [
        Scene(
            "small 24/30 px",
            tuple(
                Face(next(lfw), size, sway(0.1 + 0.13 * i, 0.3 + 0.1 * (i % 2), 0.01, 0.005))
                for i, size in enumerate((24, 30, 24, 30, 24, 30, 24))
            ),
        ),
        Scene(
            "frontal 48-120 px",
            (
                Face(0, 110, sway(0.2, 0.45, 0.05, 0.02)),
                Face(next(lfw), 48, still(0.5, 0.4)),
                Face(next(lfw), 60, sway(0.7, 0.5, 0.03, 0.01)),
                Face(0, 72, sway(0.85, 0.35, 0.02, 0.02)),
            ),
        ),
        Scene(
            "tilted ±35/55/60°",
            (
                Face(0, 80, still(0.15, 0.4), angle=35),
                Face(0, 80, still(0.35, 0.4), angle=-55),
                Face(next(lfw), 40, still(0.55, 0.4), angle=35),
                Face(next(lfw), 40, still(0.7, 0.4), angle=-55),
                Face(0, 70, sway(0.85, 0.45, 0.02, 0.01), angle=60),
                Face(next(lfw), 48, still(0.3, 0.75), angle=-60),
            ),
        ),
        Scene(
            "turned to a neighbour",
            (
                Face(0, 90, sway(0.2, 0.4, 0.03, 0.01), turn=0.35),
                Face(0, 60, still(0.45, 0.4), turn=0.45),
                Face(next(lfw), 40, still(0.65, 0.4), turn=0.3),
                Face(next(lfw), 48, still(0.85, 0.4), turn=0.4),
            ),
        ),
        Scene(
            "covered by a hand",
            (
                Face(0, 80, sway(0.25, 0.4, 0.03, 0.01), covered=(1.0, 2.0)),
                Face(next(lfw), 48, still(0.6, 0.4), covered=(0.5, 2.5)),
                Face(next(lfw), 36, still(0.8, 0.6), covered=(1.5, 3.0)),
            ),
        ),
        Scene(
            "dim, grainy room",
            tuple(
                Face(p, s, sway(0.12 + 0.15 * i, 0.45 + 0.15 * (i % 2), 0.01, 0.01))
                for i, (p, s) in enumerate(
                    (
                        (0, 70),
                        (next(lfw), 40),
                        (next(lfw), 36),
                        (next(lfw), 48),
                        (0, 56),
                        (next(lfw), 30),
                    )
                )
            ),
            light=0.3,
            noise=5.0,
        ),
        Scene(
            "crowd of 13 with a cut, two walking in",
            (
                *(
                    Face(
                        next(lfw),
                        (30, 36, 44)[i % 3],
                        sway(0.08 + 0.12 * (i % 8), 0.3 + 0.25 * (i // 8), 0.005, 0.005),
                        scene=0,
                    )
                    for i in range(11)
                ),
                # Walkers pass between the rows, so nobody is hidden behind them.
                Face(0, 70, walk_in(-0.08, 0.425, 0.3, 0.425, 1.0, delay=0.3), scene=0),
                Face(next(lfw), 40, walk_in(1.05, 0.7, 0.8, 0.7, 1.0, delay=0.5), scene=0),
                *(
                    Face(
                        next(lfw),
                        (34, 40, 48)[i % 3],
                        sway(0.1 + 0.16 * (i % 6), 0.35 + 0.3 * (i // 6), 0.005, 0.005),
                        scene=1,
                    )
                    for i in range(10)
                ),
                Face(0, 70, walk_in(1.1, 0.5, 0.5, 0.5, 1.0, delay=2.2), scene=1),
            ),
            seconds=4.0,
            cuts=(2.0,),
        ),
    ]


def lesson(seconds: float) -> Scene:
    """A longer, ordinary lesson for timing: eight pupils of several sizes and the teacher."""
    people = iter(range(60, 100))
    return Scene(
        f"lesson, {seconds:g} s",
        (
            Face(0, 100, sway(0.3, 0.45, 0.1, 0.03, period=8.0)),
            *(
                Face(next(people), (30, 40, 56, 70)[i % 4], sway(0.1 + 0.11 * i, 0.75, 0.01, 0.01))
                for i in range(8)
            ),
        ),
        seconds=seconds,
    )

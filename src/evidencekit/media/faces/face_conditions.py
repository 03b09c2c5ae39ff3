"""What a picture says about whether faces can be trusted to be found in it, and scene cuts.

Detection fails quietly in the dark, in sensor noise and in motion blur; these
measures let the plan say so in words instead of reporting "no face" as if it
were certain. A cut is a jump in a tiny thumbnail: tracks never cross one.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from evidencekit.domain.redaction import Caution

_THUMB = (64, 36)
CUT_JUMP = 28.0  # mean brightness change of the thumbnail (0–255) that marks a new scene
# Thresholds set on the benchmark's scenes: a lit room measures about 200 / 0.7 / 600, the
# dim one (30 % light, sensor noise of 5 grey levels) 71 / 4.5 / 127, a blurred one 2.5 detail.
DARK = 80.0  # mean brightness below which faces may be missed
NOISY = 4.0  # noise (grey levels) above which small faces may be missed
BLURRED = 40.0  # detail (Laplacian variance at 640 px) below which faces may be missed


def thumbnail(gray: np.ndarray) -> np.ndarray:
    return cv2.resize(gray, _THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)


def is_cut(before: np.ndarray | None, after: np.ndarray) -> bool:
    return before is not None and float(np.abs(after - before).mean()) > CUT_JUMP


@dataclass(frozen=True)
class Conditions:
    frame: int
    brightness: float
    noise: float
    detail: float


def measure(frame: int, gray: np.ndarray) -> Conditions:
    """Brightness, noise (the median absolute deviation of the finest detail) and detail."""
    fine = cv2.Laplacian(gray, cv2.CV_32F)
    noise = float(np.median(np.abs(fine))) * 1.4826 / 2.0
    return Conditions(frame, float(gray.mean()), noise, float(fine.var()))


def cautions(samples: list[Conditions], frame_count: int) -> list[Caution]:
    """Stretches of frames where detection cannot be trusted, each said in words."""
    found: list[Caution] = []
    tests = (
        ("dark", lambda c: c.brightness < DARK, "the picture is dark; faces may have been missed"),
        ("noisy", lambda c: c.noise > NOISY, "the picture is grainy; small faces may be missed"),
        ("blurred", lambda c: c.detail < BLURRED, "the picture is blurred; faces may be missed"),
    )
    for kind, bad, words in tests:
        start = None
        for n, sample in enumerate(samples):
            last = samples[n + 1].frame - 1 if n + 1 < len(samples) else frame_count - 1
            if bad(sample) and start is None:
                start = sample.frame
            if start is not None and (not bad(sample) or n + 1 == len(samples)):
                end = last if bad(sample) else sample.frame - 1
                found.append(Caution(kind, start, end, words))
                start = None
    return found

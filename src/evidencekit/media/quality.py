"""Warnings about footage an evaluator will struggle with: too dark to see, too quiet to hear.

Both checks sample the clip (a dozen keyframes, a dozen one-second stretches of
sound) rather than decoding all of it, so an hour-long clip is checked in about
the time a short one is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from evidencekit.domain.errors import MediaError
from evidencekit.domain.preflight import Finding, Severity
from evidencekit.domain.tasks import CancelToken
from evidencekit.media.clip_clock import clip_zero

SAMPLES = 12
# Mean brightness (0-255 luma) below which a classroom is hard to make out.
DARK_LUMA = 40.0
# Loudness (RMS, dB below full scale) below which speech is hard to hear even turned up.
QUIET_DBFS = -45.0
_WINDOW_S = 1.0
_EIGHT_BIT_Y_FIRST = {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "nv12", "nv21"}


@dataclass(frozen=True)
class QualityReport:
    mean_luma: float
    dark_share: float  # share of sampled pictures darker than DARK_LUMA
    loudest_dbfs: float | None  # the loudest sampled second; None without sound

    def findings(self, title: str) -> list[Finding]:
        found = []
        if self.dark_share >= 0.5:
            found.append(
                Finding(
                    "video.too_dark",
                    Severity.WARNING,
                    f"Clip '{title}' is very dark; evaluators may not see what happens. "
                    "More light or the camera's exposure setting would help.",
                    data={"mean_luma": round(self.mean_luma, 1), "dark_share": self.dark_share},
                )
            )
        if self.loudest_dbfs is not None and self.loudest_dbfs < QUIET_DBFS:
            found.append(
                Finding(
                    "video.nearly_silent",
                    Severity.WARNING,
                    f"Clip '{title}' is nearly silent; evaluators may not hear the lesson. "
                    "Check the microphone before recording again.",
                    data={"loudest_dbfs": round(self.loudest_dbfs, 1)},
                )
            )
        return found


def check_quality(path: Path, cancel: CancelToken | None = None) -> QualityReport:
    cancel = cancel or CancelToken()
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            length = container.duration / av.time_base if container.duration else 0.0
            lumas = _sample_luma(container, length, cancel)
        with av.open(str(path), metadata_errors="ignore") as container:
            loudest = _sample_loudness(container, length, cancel)
    except (av.error.FFmpegError, IndexError):
        raise MediaError(str(path), "the clip could not be checked; it may be damaged.") from None
    if not lumas:
        raise MediaError(str(path), "no pictures could be read from the clip.")
    dark = sum(1 for v in lumas if v < DARK_LUMA) / len(lumas)
    return QualityReport(float(np.mean(lumas)), round(dark, 3), loudest)


def _positions(length: float, window: float = 0.0) -> list[float]:
    span = max(0.0, length - window)
    return [span * (i + 0.5) / SAMPLES for i in range(SAMPLES)]


def _sample_luma(
    container: av.container.InputContainer, length: float, cancel: CancelToken
) -> list[float]:
    stream = container.streams.video[0]
    stream.codec_context.skip_frame = "NONKEY"
    stream.thread_type = "SLICE"
    values = []
    for at in _positions(length):
        cancel.raise_if_cancelled()
        container.seek(int((clip_zero(container) + at) * av.time_base), backward=True)
        frame = next(iter(container.decode(stream)), None)
        if frame is None:
            continue
        if frame.format.name in _EIGHT_BIT_Y_FIRST:
            # The Y plane is brightness already; no colour conversion needed.
            plane = frame.planes[0]
            rows = np.frombuffer(memoryview(plane), np.uint8).reshape(-1, plane.line_size)
            luma: np.ndarray = rows[: frame.height, : frame.width]
        else:
            luma = frame.to_ndarray(format="gray")
        values.append(float(luma.mean()))
    return values


def _sample_loudness(
    container: av.container.InputContainer, length: float, cancel: CancelToken
) -> float | None:
    stream = next(iter(container.streams.audio), None)
    if stream is None:
        return None
    loudest = -math.inf
    positions = [0.0] if length <= SAMPLES * _WINDOW_S else _positions(length, _WINDOW_S)
    window = length if length <= SAMPLES * _WINDOW_S else _WINDOW_S
    zero = clip_zero(container)  # camcorders start their clocks at 100 s
    for at in positions:
        cancel.raise_if_cancelled()
        if at > 0:
            container.seek(int((zero + at) * av.time_base), backward=True)
        chunks, got = [], 0.0
        for frame in container.decode(stream):
            if frame.time is not None and frame.time - zero + 1e-3 < at:
                continue
            samples = frame.to_ndarray().astype(np.float64)
            if frame.format.name.startswith("s16"):
                samples /= 32768.0
            elif frame.format.name.startswith("s32"):
                samples /= 2147483648.0
            chunks.append(samples.reshape(-1))
            got += frame.samples / frame.sample_rate
            if got >= window:
                break
        if chunks:
            rms = math.sqrt(float(np.mean(np.square(np.concatenate(chunks)))))
            loudest = max(loudest, 20 * math.log10(max(rms, 1e-9)))
    return None if loudest == -math.inf else loudest

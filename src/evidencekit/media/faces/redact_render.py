"""Writing the redacted copy of a clip: hidden faces blurred, pixelated or filled; sound kept.

Pictures are changed in their YUV planes, so no frame is converted to RGB and
back; a frame with nothing to hide goes through untouched. Each face is hidden
in the ellipse that fits its area (margin included), which covers the head
without the corners of a rectangle blurring the room around it. A plan that
hides everything but the kept faces blurs the whole picture and puts those
back. The sound is
re-encoded to AAC with the muted ranges silenced. Written atomically: a failed
or cancelled render leaves no file behind.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import av
import cv2
import numpy as np

from evidencekit.domain.errors import MediaError
from evidencekit.domain.redaction import RedactionPlan, RedactMode
from evidencekit.domain.tasks import Reporter
from evidencekit.media.atomic import atomic_output
from evidencekit.media.editing.transcode import (
    EncodeResult,
    EncodeSettings,
    output_format,
    transcode,
)
from evidencekit.media.probe import probe

REDACT_SETTINGS = EncodeSettings(preset="veryfast", crf=21, max_short_side=720)
_BLOCKS = 8  # a hidden face becomes at most this many blocks across: nothing recognisable


def hidden_copy(region: np.ndarray, mode: RedactMode) -> np.ndarray:
    """An unrecognisable copy of one rectangle of a picture plane."""
    h, w = region.shape[:2]
    if mode is RedactMode.FILL:
        return np.full_like(region, int(region.mean()))
    cells = (max(1, min(w, _BLOCKS)), max(1, min(h, round(_BLOCKS * h / max(w, 1)))))
    coarse = cv2.resize(region, cells, interpolation=cv2.INTER_AREA)
    how = cv2.INTER_NEAREST if mode is RedactMode.PIXELATE else cv2.INTER_LINEAR
    out = cv2.resize(coarse, (w, h), interpolation=how)
    if mode is RedactMode.BLUR:
        k = max(3, (min(w, h) // 4) | 1)
        out = cv2.blur(out, (k, k))
    return out


Oval = tuple[float, float, float, float]  # the rectangle around an ellipse, unclipped


def _inside(shape: tuple[int, ...], oval: Oval) -> tuple[tuple[slice, slice], np.ndarray] | None:
    """The part of a plane an ellipse touches, and which of its pixels lie inside it."""
    x0, y0, x1, y1 = oval
    h, w = shape[:2]
    px0, py0 = max(0, math.floor(x0)), max(0, math.floor(y0))
    px1, py1 = min(w, math.ceil(x1)), min(h, math.ceil(y1))
    if px1 <= px0 or py1 <= py0 or x1 <= x0 or y1 <= y0:
        return None
    cx, cy, a, b = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    ys = (np.arange(py0, py1) + 0.5 - cy) / b
    xs = (np.arange(px0, px1) + 0.5 - cx) / a
    return (slice(py0, py1), slice(px0, px1)), ys[:, None] ** 2 + xs[None, :] ** 2 <= 1.0


def hide_oval(plane: np.ndarray, oval: Oval, mode: RedactMode) -> None:
    """Make one ellipse of one picture plane unrecognisable, in place."""
    found = _inside(plane.shape, oval)
    if found is None:
        return
    where, inside = found
    region = plane[where]
    region[inside] = hidden_copy(region, mode)[inside]


def hide_all_but(plane: np.ndarray, kept: list[Oval], mode: RedactMode) -> None:
    """Hide the whole plane except the ``kept`` ellipses, in place."""
    originals = [(m, plane[m[0]].copy()) for oval in kept if (m := _inside(plane.shape, oval))]
    plane[...] = hidden_copy(plane, mode)
    for (where, inside), pixels in originals:
        plane[where][inside] = pixels[inside]


class RedactionFilters:
    """Hides every hidden track's box in each frame and silences the muted ranges."""

    def __init__(self, plan: RedactionPlan, source: Path) -> None:
        self.plan = plan
        self.source = source

    def picture(self, index: int, frame: av.VideoFrame) -> av.VideoFrame:
        whole = self.plan.hide_all_but_kept
        ovals = self.plan.ovals(index, kept=whole)
        if not ovals and not whole:
            return frame
        if frame.width != self.plan.width or frame.height != self.plan.height:
            raise MediaError(str(self.source), "the picture size changes part-way through.")
        even_w, even_h = frame.width // 2 * 2, frame.height // 2 * 2
        if frame.format.name != "yuv420p" or (even_w, even_h) != (frame.width, frame.height):
            frame_in = frame.reformat(width=even_w, height=even_h, format="yuv420p")
        else:
            frame_in = frame
        data = frame_in.to_ndarray()  # Y, then U, then V, contiguous
        w, h = even_w, even_h
        flat = data.reshape(-1)
        luma = flat[: w * h].reshape(h, w)
        quarter = (w // 2) * (h // 2)
        chroma_u = flat[w * h : w * h + quarter].reshape(h // 2, w // 2)
        chroma_v = flat[w * h + quarter : w * h + 2 * quarter].reshape(h // 2, w // 2)
        halves = [(x0 / 2, y0 / 2, x1 / 2, y1 / 2) for x0, y0, x1, y1 in ovals]
        mode = self.plan.mode
        if whole:
            hide_all_but(luma, ovals, mode)
            for plane in (chroma_u, chroma_v):
                hide_all_but(plane, halves, mode)
        else:
            for oval, half in zip(ovals, halves, strict=True):
                hide_oval(luma, oval, mode)
                for plane in (chroma_u, chroma_v):
                    hide_oval(plane, half, mode)
        out = av.VideoFrame.from_ndarray(data, format="yuv420p")
        out.pts, out.time_base = frame.pts, frame.time_base
        return out

    def sound(self, chunk: av.AudioFrame, start_s: float) -> av.AudioFrame:
        end_s = start_s + chunk.samples / chunk.sample_rate
        if not self.plan.muted(start_s, end_s):
            return chunk
        samples = chunk.to_ndarray().copy()  # planar: channels x samples
        times = start_s + np.arange(samples.shape[-1]) / chunk.sample_rate
        silent = np.zeros(times.shape, bool)
        for a, b in self.plan.mutes:
            silent |= (times >= a) & (times < b)
        samples[..., silent] = 0
        out = av.AudioFrame.from_ndarray(
            samples, format=chunk.format.name, layout=chunk.layout.name
        )
        out.sample_rate = chunk.sample_rate
        return out


def render_redacted(
    source: Path,
    target: Path,
    plan: RedactionPlan,
    *,
    settings: EncodeSettings = REDACT_SETTINGS,
    reporter: Reporter | None = None,
) -> EncodeResult:
    """Write ``source`` with the plan applied to ``target`` (H.264 + AAC), atomically."""
    fmt = output_format(target)
    if os.path.abspath(source) == os.path.abspath(target):
        raise MediaError(str(target), "write the redacted copy to a new file, not the original.")
    info = probe(source)
    if (info.width, info.height) != (plan.width, plan.height):
        raise MediaError(str(source), "this face plan was made for another clip.")
    with atomic_output(target) as temp:
        return transcode(
            source,
            temp,
            settings,
            fmt=fmt,
            rotation=info.rotation,
            reporter=reporter,
            message=f"Protecting faces in {source.name}",
            filters=RedactionFilters(plan, source),
            # A camcorder file of joined segments: read from its start on one clock, as the
            # detector did, so frame numbers match the plan's after the first segment too.
            clock_jumps=bool(info.clock_jumps),
        )

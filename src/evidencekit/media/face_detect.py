"""Finding faces in one grey picture with the Haar cascades that ship inside OpenCV.

Nothing is downloaded: the cascade files are part of the opencv-python-headless
wheel. The frontal cascade finds faces looking at the camera; the profile
cascade, run on the picture and on its mirror image, finds heads turned either
way. Overlapping finds are merged into one box per face.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from evidencekit.domain.errors import MediaError
from evidencekit.domain.redaction import Box

DETECTOR_NAME = "opencv-haar-frontal-alt2+profile"
_FRONTAL = "haarcascade_frontalface_alt2.xml"
_PROFILE = "haarcascade_profileface.xml"
_SAME_FACE_IOU = 0.3


def detector_version() -> str:
    return cv2.__version__


def _cascade(name: str) -> cv2.CascadeClassifier:
    path = Path(cv2.data.haarcascades) / name
    cascade = cv2.CascadeClassifier(str(path))
    if cascade.empty():
        raise MediaError(str(path), "OpenCV's face model is missing; reinstall EvidenceKit.")
    return cascade


class FaceDetector:
    """Boxes of the faces in a grey picture, in that picture's pixels.

    The profile cascade is the slow part, so each call looks for heads turned one
    way only (``turned``: +1 to the picture's left, -1 to its right, 0 neither);
    callers alternate, and the tracker carries a face between detections anyway.
    """

    def __init__(self, min_face: int = 20) -> None:
        self.min_face = min_face
        self._frontal = _cascade(_FRONTAL)
        self._profile = _cascade(_PROFILE)

    def detect(self, gray: np.ndarray, turned: int = 0) -> list[Box]:
        size = (self.min_face, self.min_face)
        found = [
            Box(*map(float, r)) for r in self._frontal.detectMultiScale(gray, 1.15, 3, minSize=size)
        ]
        if turned > 0:
            for r in self._profile.detectMultiScale(gray, 1.2, 4, minSize=size):
                found.append(Box(*map(float, r)))
        elif turned < 0:
            width = gray.shape[1]
            mirrored = np.ascontiguousarray(gray[:, ::-1])
            for x, y, w, h in self._profile.detectMultiScale(mirrored, 1.2, 4, minSize=size):
                found.append(Box(float(width - x - w), float(y), float(w), float(h)))
        return _merge(found)


def _merge(boxes: list[Box]) -> list[Box]:
    """One box per face: overlapping finds (frontal and profile of one head) become their mean.

    A box mostly inside a bigger one (half a face found as a profile) joins it.
    """
    groups: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: -b.w * b.h):
        for group in groups:
            if group[0].iou(box) > _SAME_FACE_IOU or group[0].covered_by(box) > 0.5:
                group.append(box)
                break
        else:
            groups.append([box])
    merged = []
    for group in groups:
        n = len(group)
        merged.append(
            Box(
                sum(b.x for b in group) / n,
                sum(b.y for b in group) / n,
                sum(b.w for b in group) / n,
                sum(b.h for b in group) / n,
            )
        )
    return merged

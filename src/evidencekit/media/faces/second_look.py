"""A second, steadier and closer look at a face the detector was never sure of.

In a dark, grainy picture sensor noise can draw a face for one frame on any
round, plain thing (a bag, a lamp, the back of a chair): the detector then
reports a weak "face" that is never seen again. A real face seen as weakly
(small, dim, half turned) is still there in the next frames, while the noise
is not. So a track's first frames are cut out around its box, aligned by the
follower, enlarged so the face is about ``_FACE_PX`` tall, and averaged: the
average keeps what is really there and washes the grain out. The detector then
looks at that average upright and turned each way the picture was turned when a
pass found the face (a tilted head is only seen turned). A real face comes out clearer than
in any single frame; a face drawn by noise comes out as the plain thing it was.
"""

from __future__ import annotations

import cv2
import numpy as np

from evidencekit.domain.redaction import Box
from evidencekit.media.faces.face_detect import FaceDetector

_FACE_PX = 64  # the face's size in the averaged picture: where the model sees best
_CONTEXT = 3  # the averaged picture spans this many face sizes (the model needs surroundings)
_SIDE = _FACE_PX * _CONTEXT  # 192: a multiple of 32, as the network needs
_REACH = 0.25  # the face must be found within this share of its size of the track's centre


class SecondLook:
    """The average of one track's first frames around its box, and what the detector says of it."""

    def __init__(self, frames: int) -> None:
        self.views: set[float] = set()  # the turns of the picture in which the face was found
        self.wanted = frames
        self.count = 0
        self._sum = np.zeros((_SIDE, _SIDE), np.float32)

    @property
    def full(self) -> bool:
        return self.count >= self.wanted

    def add(self, gray: np.ndarray, box: Box) -> None:
        """Add the picture around ``box`` (where the follower found the face in ``gray``)."""
        k = _SIDE / (_CONTEXT * max(box.w, box.h, 1.0))
        to_crop = np.array(
            [[k, 0, _SIDE / 2 - k * box.cx], [0, k, _SIDE / 2 - k * box.cy]], np.float32
        )
        crop = cv2.warpAffine(
            gray, to_crop, (_SIDE, _SIDE), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
        self._sum += crop
        self.count += 1

    def score(self, detector: FaceDetector) -> float:
        """The detector's confidence in a face at the middle of the averaged picture, upright
        and turned each way the face was seen in: a face found barely in a turned pass may
        be upright, and the detector sees upright faces best."""
        if self.count == 0:
            return 0.0
        mean: np.ndarray = self._sum / self.count
        best = 0.0
        for angle in sorted(self.views | {0.0}):
            picture: np.ndarray = mean
            if angle % 360:
                turn = cv2.getRotationMatrix2D((_SIDE / 2, _SIDE / 2), angle, 1.0)
                picture = cv2.warpAffine(
                    mean, turn, (_SIDE, _SIDE), borderMode=cv2.BORDER_REPLICATE
                )
            best = max(best, detector.centre_score(picture, _REACH * _FACE_PX))
        return best

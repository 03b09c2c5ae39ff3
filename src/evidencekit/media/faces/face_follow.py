"""Following a region from frame to frame by template matching, and hand-drawn face tracks.

Between detections (and where the detector misses a face the teacher drew) a
face is followed by looking for its last appearance near where it was. The
match score says how sure that is: low scores are flagged for the teacher, and
a box that cannot be found stays where it was, hidden, rather than vanishing.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from evidencekit.domain.redaction import Box, RedactionError
from evidencekit.domain.tasks import Reporter
from evidencekit.media.faces.luma import grey_frames

SURE = 0.6  # below this a match is flagged for review
LOST = 0.35  # below this the region is taken as lost; its box stays put
FOLLOW_LONG_SIDE = 480
_SEARCH = 0.6  # how far to look, in box sizes, from where the region was
_MATCH_PX = 28  # faces are matched at about this size
_MIN_PART = 8  # pixels of a face that must be in the picture to follow it by its looks
_GROWTH = 0.04  # a lost face's box grows by this share of its size per frame…
_MAX_GROWTH = 1.8  # …up to this factor


class Follower:
    """Follows one region across grey pictures of one size."""

    def __init__(self, gray: np.ndarray, box: Box) -> None:
        self.box = box
        self._template = self._crop(gray, box)

    @staticmethod
    def _crop(gray: np.ndarray, box: Box) -> np.ndarray | None:
        x0, y0 = max(0, round(box.x)), max(0, round(box.y))
        x1 = min(gray.shape[1], round(box.x + box.w))
        y1 = min(gray.shape[0], round(box.y + box.h))
        if x1 - x0 < 4 or y1 - y0 < 4:
            return None
        return gray[y0:y1, x0:x1].copy()

    def reset(self, gray: np.ndarray, box: Box) -> None:
        self.box = box
        self._template = self._crop(gray, box)

    def step(self, gray: np.ndarray) -> float:
        """Move ``box`` to the best match in ``gray``; returns the match score (0–1)."""
        template = self._template
        if template is None:
            return 0.0
        th, tw = template.shape
        reach = _SEARCH * max(tw, th)
        x0 = max(0, int(self.box.x - reach))
        y0 = max(0, int(self.box.y - reach))
        x1 = min(gray.shape[1], int(self.box.x + tw + reach) + 1)
        y1 = min(gray.shape[0], int(self.box.y + th + reach) + 1)
        if x1 - x0 < tw or y1 - y0 < th:
            return 0.0
        scores = cv2.matchTemplate(gray[y0:y1, x0:x1], template, cv2.TM_CCOEFF_NORMED)
        _, best, _, (bx, by) = cv2.minMaxLoc(scores)
        best = float(best) if np.isfinite(best) else 0.0
        if best >= LOST:
            self.box = Box(float(x0 + bx), float(y0 + by), self.box.w, self.box.h)
        if best >= SURE:
            # Follow slow changes (a head turning) without drifting off on a poor match.
            fresh = self._crop(gray, self.box)
            if fresh is not None and fresh.shape == template.shape:
                self._template = cv2.addWeighted(template, 0.7, fresh, 0.3, 0)
        return best


class FaceFollower:
    """Follows one face in full-size grey pictures, matching at about ``_MATCH_PX`` across.

    Matching a shrunk copy keeps the cost the same for a 20-px face and a 300-px one. While
    the face cannot be found (covered, turned away, blurred by motion) its box keeps moving
    as it last moved and grows, so it still covers the face when it shows again.
    """

    def __init__(
        self, gray: np.ndarray, box: Box, coast: float = 0.9, accept: float = LOST
    ) -> None:
        self.box = box
        self.coast = coast  # how much of its speed a lost face keeps from frame to frame
        self.accept = accept  # the match score below which the face counts as lost
        self.velocity = (0.0, 0.0)
        self.lost = 0
        self.reset(gray, box)

    def reset(self, gray: np.ndarray, box: Box) -> None:
        previous = self.box
        if self.lost == 0 and previous is not box:
            self.velocity = (box.cx - previous.cx, box.cy - previous.cy)
        self.box, self._seen, self.lost = box, box, 0
        self._k = min(1.0, _MATCH_PX / max(box.w, box.h, 1.0))
        # A face half outside the picture is matched by its visible part, which keeps its
        # place in the head: the whole box follows it in.
        x0, y0 = max(0.0, box.x), max(0.0, box.y)
        x1, y1 = min(float(gray.shape[1]), box.x + box.w), min(float(gray.shape[0]), box.y + box.h)
        self._part = Box(x0 - box.x, y0 - box.y, x1 - x0, y1 - y0)  # relative to the box
        self._template = None
        if self._part.w >= _MIN_PART and self._part.h >= _MIN_PART:
            crop = Follower._crop(gray, Box(x0, y0, x1 - x0, y1 - y0))
            if crop is not None:
                k = self._k
                size = (max(4, round(crop.shape[1] * k)), max(4, round(crop.shape[0] * k)))
                self._template = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)

    def step(self, gray: np.ndarray) -> float:
        """Move ``box`` to the face in ``gray``; returns the match score (0–1)."""
        template, seen, part = self._template, self._seen, self._part
        best = 0.0
        guess = Box(self.box.cx - seen.w / 2, self.box.cy - seen.h / 2, seen.w, seen.h)
        if template is not None:
            reach = _SEARCH * max(seen.w, seen.h)
            px, py = guess.x + part.x, guess.y + part.y
            x0, y0 = max(0, int(px - reach)), max(0, int(py - reach))
            x1 = min(gray.shape[1], int(px + part.w + reach) + 1)
            y1 = min(gray.shape[0], int(py + part.h + reach) + 1)
            k = self._k
            size = (round((x1 - x0) * k), round((y1 - y0) * k))
            th, tw = template.shape
            if size[0] >= tw and size[1] >= th:
                window = cv2.resize(gray[y0:y1, x0:x1], size, interpolation=cv2.INTER_AREA)
                scores = cv2.matchTemplate(window, template, cv2.TM_CCOEFF_NORMED)
                _, peak, _, (bx, by) = cv2.minMaxLoc(scores)
                best = float(peak) if np.isfinite(peak) else 0.0
                if best >= self.accept:
                    found = Box(x0 + bx / k - part.x, y0 + by / k - part.y, seen.w, seen.h)
                    self.velocity = (found.cx - guess.cx, found.cy - guess.cy)
                    self.box, self.lost = found, 0
                    return best
        self.lost += 1
        vx, vy = self.velocity
        self.velocity = (vx * self.coast, vy * self.coast)
        grow = min(_MAX_GROWTH, 1 + _GROWTH * self.lost)
        w, h = seen.w * grow, seen.h * grow
        cx, cy = self.box.cx + vx, self.box.cy + vy
        self.box = Box(cx - w / 2, cy - h / 2, w, h)
        return best


@dataclass(frozen=True)
class FollowedTrack:
    start: int
    boxes: tuple[Box, ...]
    flagged: tuple[int, ...]


def follow_keyframes(
    source: Path,
    frame_times_ms: tuple[int, ...],
    keyframes: Mapping[int, Box],
    *,
    end: int | None = None,
    lost_after: int = 15,
    reporter: Reporter | None = None,
) -> FollowedTrack:
    """A hand-drawn track: each keyframe followed forward, bent to meet the next keyframe.

    After the last keyframe the region is followed to ``end`` (or the clip's end),
    or until it has been lost for ``lost_after`` frames.
    """
    reporter = reporter or Reporter.silent()
    if not keyframes:
        raise RedactionError("Draw a box around the face first.")
    frames = sorted(keyframes)
    last = len(frame_times_ms) - 1 if end is None else min(end, len(frame_times_ms) - 1)
    if frames[0] < 0 or frames[-1] > last:
        raise RedactionError("A drawn box lies outside the clip.")
    found: dict[int, Box] = {}
    flagged: list[int] = []
    follower: Follower | None = None
    scale = 1.0
    lost = 0
    total = last - frames[0] + 1
    for grey in grey_frames(
        source, FOLLOW_LONG_SIDE, from_ms=frame_times_ms[frames[0]], frame_times_ms=frame_times_ms
    ):
        reporter.check()
        if grey.index < frames[0]:
            continue
        if grey.index > last:
            break
        scale = grey.scale
        drawn = keyframes.get(grey.index)
        if drawn is not None or follower is None:
            box = drawn if drawn is not None else keyframes[frames[0]]
            follower = Follower(grey.small, box.scaled(scale))
            lost = 0
        else:
            score = follower.step(grey.small)
            if score < SURE:
                flagged.append(grey.index)
            lost = lost + 1 if score < LOST else 0
            if lost > lost_after and grey.index > frames[-1]:
                break
        found[grey.index] = follower.box.scaled(1 / scale)
        if grey.index % 10 == 0:
            reporter.report(grey.index - frames[0] + 1, total, "Following the face")
    if not found:
        raise RedactionError("The clip has no picture where the box was drawn.")
    _bend_to_keyframes(found, keyframes)
    start = min(found)
    boxes = tuple(found[i] for i in range(start, max(found) + 1) if i in found)
    if len(boxes) != max(found) - start + 1:
        raise RedactionError("Some frames of the clip could not be read while following the face.")
    return FollowedTrack(start, boxes, tuple(flagged))


def _bend_to_keyframes(found: dict[int, Box], keyframes: Mapping[int, Box]) -> None:
    """Spread each segment's drift evenly, so the box arrives exactly at the next keyframe."""
    frames = sorted(keyframes)
    for a, b in itertools.pairwise(frames):
        arrived = found.get(b - 1)
        if arrived is None:
            continue
        target = keyframes[b]
        dx, dy = target.x - arrived.x, target.y - arrived.y
        dw, dh = target.w - arrived.w, target.h - arrived.h
        span = b - a
        for i in range(a + 1, b):
            if i in found:
                t = (i - a) / span
                f = found[i]
                found[i] = Box(f.x + dx * t, f.y + dy * t, f.w + dw * t, f.h + dh * t)

"""Finding every face in a clip and following each one as a track.

Faces are detected on a shrunk grey picture every few frames and followed by
template matching in between, so each track has a box in every frame from its
first to its last. A new face is also followed backwards a little, because the
detector usually sees it a few frames after it came into view. The result is an
unreviewed redaction plan in which every track is hidden.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path

import cv2
import numpy as np

from evidencekit.domain.redaction import Box, RedactionPlan, Track, fill_gaps
from evidencekit.domain.tasks import CancelToken, Progress, ProgressEvent, no_progress
from evidencekit.media.face_detect import DETECTOR_NAME, FaceDetector, detector_version
from evidencekit.media.face_follow import LOST, SURE, Follower
from evidencekit.media.luma import grey_frames
from evidencekit.media.probe import probe

_UPRIGHT = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}


@dataclass(frozen=True)
class FindSettings:
    detections_per_s: float = 6.0  # faces are followed between detections
    long_side: int = 640  # pixels the picture is shrunk to for detection
    min_face: int = 18  # smallest face found, in shrunk pixels
    lookback: int = 20  # frames a new face is followed backwards
    lost_after: int = 12  # frames a track may stay lost before it ends
    forget_after_s: float = 4.0  # a track not detected again for this long ends

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)


@dataclass
class _Live:
    id: int
    follower: Follower
    last_seen: int
    boxes: dict[int, Box] = field(default_factory=dict)  # shrunk pixels
    flagged: set[int] = field(default_factory=set)
    detections: int = 1
    lost: int = 0


def find_faces(
    source: Path,
    settings: FindSettings | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> RedactionPlan:
    """An unreviewed plan for ``source`` with one hidden track per face found."""
    settings = settings or FindSettings()
    cancel = cancel or CancelToken()
    info = probe(source)  # a damaged file is refused here, in words
    detector = FaceDetector(settings.min_face)
    live: list[_Live] = []
    done: list[_Live] = []
    recent: deque[tuple[int, np.ndarray]] = deque(maxlen=settings.lookback + 1)
    times: list[int] = []
    scale, size = 1.0, (info.width, info.height)
    next_id = 1
    fps = max(info.fps, 1.0)
    forget = max(1, round(settings.forget_after_s * fps))
    every = max(1, round(fps / settings.detections_per_s))
    rounds = 0
    message = f"Finding faces in {source.name}"
    for grey in grey_frames(source, settings.long_side):
        cancel.raise_if_cancelled()
        index, small = grey.index, grey.small
        times.append(grey.time_ms)
        scale = grey.scale
        for track in live:
            score = track.follower.step(small)
            track.boxes[index] = track.follower.box
            if score < SURE:
                track.flagged.add(index)
            track.lost = track.lost + 1 if score < LOST else 0
        if index % every == 0:
            # Heads turned left, then right, then left…: one profile search per round.
            turned = (1, -1)[rounds % 2]
            rounds += 1
            found = _upright_detect(detector, small, grey.rotation, turned)
            for box in _match(live, found, index, small):
                track = _Live(next_id, Follower(small, box), index, {index: box})
                next_id += 1
                _follow_back(track, small, recent)
                live.append(track)
        recent.append((index, small))
        still = []
        for track in live:
            if track.lost > settings.lost_after or index - track.last_seen > forget:
                track.flagged.add(index)  # where a track ends is worth a look
                done.append(track)
            else:
                still.append(track)
        live = still
        if index % 15 == 0:
            progress(ProgressEvent(grey.time_ms / 1000, info.duration_s, message))
    if times:
        size = (round(small.shape[1] / scale), round(small.shape[0] / scale))
    tracks = [_finish(t, scale) for t in sorted(done + live, key=lambda t: t.id)]
    progress(ProgressEvent(info.duration_s, info.duration_s, message))
    return RedactionPlan(
        width=size[0],
        height=size[1],
        frame_times_ms=tuple(times),
        tracks=tuple(tracks),
        detector=DETECTOR_NAME,
        detector_version=detector_version(),
        settings=settings.to_dict(),
        rotation=info.rotation,
    )


def _upright_detect(
    detector: FaceDetector, small: np.ndarray, rotation: int, turned: int
) -> list[Box]:
    """Detect on the picture as it is shown (faces upright), boxes back in stored pixels."""
    turn = _UPRIGHT.get(rotation)
    if turn is None:
        return detector.detect(small, turned)
    height, width = small.shape
    boxes = []
    for b in detector.detect(cv2.rotate(small, turn), turned):
        if rotation == 90:
            boxes.append(Box(width - b.y - b.h, b.x, b.h, b.w))
        elif rotation == 270:
            boxes.append(Box(b.y, height - b.x - b.w, b.h, b.w))
        else:
            boxes.append(Box(width - b.x - b.w, height - b.y - b.h, b.w, b.h))
    return boxes


def _same_face(a: Box, b: Box) -> bool:
    reach = 0.6 * max(a.w, b.w)
    return a.iou(b) > 0.15 or (abs(a.cx - b.cx) < reach and abs(a.cy - b.cy) < reach)


def _match(live: list[_Live], found: list[Box], index: int, small: np.ndarray) -> list[Box]:
    """Give detections to the tracks they continue; returns the ones that start new tracks."""
    pairs = sorted(
        (
            (t.boxes[index].iou(box), n, k)
            for n, t in enumerate(live)
            for k, box in enumerate(found)
            if _same_face(t.boxes[index], box)
        ),
        reverse=True,
    )
    used_tracks: set[int] = set()
    used_boxes: set[int] = set()
    for _iou, n, k in pairs:
        if n in used_tracks or k in used_boxes:
            continue
        used_tracks.add(n)
        used_boxes.add(k)
        track = live[n]
        track.boxes[index] = found[k]
        track.follower.reset(small, found[k])
        track.last_seen = index
        track.detections += 1
        track.lost = 0
        track.flagged.discard(index)
    # A second find on a face that already has a track (half of it, seen as a profile) is
    # not a new face.
    return [
        box
        for k, box in enumerate(found)
        if k not in used_boxes and not any(t.boxes[index].covered_by(box) > 0.5 for t in live)
    ]


def _follow_back(track: _Live, small: np.ndarray, recent: deque[tuple[int, np.ndarray]]) -> None:
    """Cover the frames before the detector saw the face, as far as it can be followed."""
    follower = Follower(small, track.boxes[track.last_seen])
    for index, small in reversed(recent):
        score = follower.step(small)
        if score < LOST:
            break
        track.boxes[index] = follower.box
        if score < SURE:
            track.flagged.add(index)


def _finish(track: _Live, scale: float) -> Track:
    start, boxes = fill_gaps({i: b.scaled(1 / scale) for i, b in track.boxes.items()})
    flagged = set(track.flagged)
    if track.detections == 1:
        flagged.add(start)  # seen by the detector only once: maybe not a face at all
    return Track(track.id, start, boxes, flagged=tuple(sorted(flagged)))

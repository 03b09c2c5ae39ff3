"""Finding every face in a clip and following each one as a track, scene by scene.

Faces are detected twice a second and followed by template matching in
between, so each track has a box in every frame from its first to its last.
Detection rounds take turns: one looks at the full-size picture (faces from
~15 px up to half the picture's height), the next at a shrunk picture (quick,
faces from ~40 px) and one turned left or right (heads tilted up to ±70°);
every few seconds an enlarged one finds small heads turned to profile. The
first frame of every scene gets all of them, so nothing after a cut is
inherited from before it. A new face is followed backwards to where it came
into view (up to 3 s back), so it is hidden from its first frame, even half
outside the picture or when the detector sees it only now and then. A track ends at a cut,
when its face leaves the picture, or when it has been lost for a while; a lost
face's box stays and grows until then. A track the detector was never sure of
gets a second look at the average of its first frames (media/faces/second_look.py);
if that finds no face either, the track stays in the plan struck out, with a
caution naming it, so the review opens on it. The result is an unreviewed plan in
which every other track is hidden, with cautions where the picture is too dark,
grainy or blurred for "no face here" to be believed.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np

from evidencekit.domain.redaction import Box, Caution, RedactionPlan, Track, fill_gaps
from evidencekit.domain.tasks import Reporter
from evidencekit.media.faces import face_conditions
from evidencekit.media.faces.face_detect import (
    DETECTOR_NAME,
    MODEL_INFO,
    Detection,
    FaceDetector,
    detector_version,
    merge_detections,
)
from evidencekit.media.faces.face_follow import SURE, FaceFollower
from evidencekit.media.faces.luma import grey_frames
from evidencekit.media.faces.second_look import SecondLook
from evidencekit.media.probe import probe

_FACE_RATIO = 0.8  # width of a face over its height
_EDGE = 2  # pixels from the picture's edge where a face counts as cut by it


@dataclass(frozen=True)
class FindSettings:
    detections_per_s: float = 2.0  # detection rounds per second; faces are followed between
    # Rounds search in turn the full-size picture (small faces); the shrunk one and one
    # turned left; the full-size one; the shrunk one and one turned right (tilted heads, at
    # ``tilt_scale`` of full size, which finds 40-px heads tilted 60°).
    full_long_side: int = 1920  # "full size" for larger video
    quick_long_side: int = 640  # the shrunk picture of the rounds without the full-size one
    tilt: float = 40.0  # turned rounds rotate the picture this far each way
    tilt_scale: float = 0.75
    # Now and then (and at every scene's start) the picture enlarged by ``upscale``: small
    # heads turned to profile are found only there.
    upscale: float = 1.5
    upscale_every: int = 12  # rounds
    threshold: float = 0.25  # the detector's confidence needed for a face
    # How far back a new face may be followed: past the 2 s between two turned passes of
    # one side, and past a small face the detector finds only now and then.
    lookback_s: float = 3.0
    lookback_mb: int = 96  # …within this much memory for those frames: 1.5 s at 1080p
    hold_lost_s: float = 2.0  # a face the follower has lost for this long ends its track
    # A track the detector never gave even odds gets a second look (media/faces/second_look.py)
    # at the average of its first ``look_frames`` frames; if that finds no face either, it is
    # left visible and said so in a caution, not silently hidden or silently dropped.
    confirm_below: float = 0.5
    look_frames: int = 16

    def to_dict(self) -> dict[str, float | int | str]:
        return {**asdict(self), **MODEL_INFO}


@dataclass
class _Live:
    id: int
    follower: FaceFollower
    boxes: dict[int, Box] = field(default_factory=dict)  # in ``grey_frames`` pixels
    flagged: set[int] = field(default_factory=set)
    scores: list[float] = field(default_factory=list)
    look: SecondLook | None = None  # its first frames averaged, until the track ends
    second: float | None = None  # the second look's score, for tracks that needed one


class _Scene:
    """The tracks of the scene being read, and the frames they may be followed back into."""

    def __init__(self, start: int, lookback: int) -> None:
        self.start = start
        self.live: list[_Live] = []
        self.recent: deque[tuple[int, np.ndarray]] = deque(maxlen=lookback)


def find_faces(
    source: Path,
    settings: FindSettings | None = None,
    reporter: Reporter | None = None,
) -> RedactionPlan:
    """An unreviewed plan for ``source`` with one hidden track per face found."""
    settings = settings or FindSettings()
    reporter = reporter or Reporter.silent()
    info = probe(source)  # a damaged file is refused here, in words
    detector = FaceDetector(settings.threshold)
    fps = max(info.fps, 1.0)
    every = max(1, round(fps / settings.detections_per_s))
    hold = max(every * 4, round(settings.hold_lost_s * fps))
    done: list[_Live] = []
    samples: list[face_conditions.Conditions] = []
    times: list[int] = []
    scene = _Scene(0, _lookback_frames(settings, fps, info.width, info.height))
    thumb = None
    scale, shape = 1.0, (info.height, info.width)
    next_id = 1
    message = f"Finding faces in {source.name}"
    for grey in grey_frames(source, settings.full_long_side):
        reporter.check()
        index, gray = grey.index, grey.small
        times.append(grey.time_ms)
        scale, shape = grey.scale, gray.shape
        previous, thumb = thumb, face_conditions.thumbnail(gray)
        if face_conditions.is_cut(previous, thumb):
            done.extend(_settled(t, detector, settings) for t in scene.live)
            scene = _Scene(index, scene.recent.maxlen or 1)
        for track in scene.live:
            score = track.follower.step(gray)
            track.boxes[index] = track.follower.box
            if score < SURE:
                track.flagged.add(index)
            if track.look is not None and not track.look.full and not track.follower.lost:
                track.look.add(gray, track.follower.box)
        step = index - scene.start
        if step % every == 0:
            quick = min(1.0, settings.quick_long_side / max(gray.shape))
            found = _detect(detector, gray, settings, step // every, grey.rotation, quick)
            samples.append(_conditions(index, gray, quick))
            for det in _match(scene.live, found, index, gray):
                track = _Live(next_id, FaceFollower(gray, det.box), {index: det.box})
                track.scores.append(det.score)
                track.look = SecondLook(settings.look_frames)
                track.look.views.update(det.views)
                track.look.add(gray, det.box)
                next_id += 1
                _follow_back(track, det.box, gray, scene.recent, hold)
                scene.live.append(track)
        scene.recent.append((index, gray))
        still = []
        for track in scene.live:
            gone = track.follower.lost and not _on_picture(track.follower.box, gray.shape)
            # A face still followed stays until the cut, however long since it was detected.
            if gone or track.follower.lost > hold:
                track.flagged.add(index)  # where a track ends is worth a look
                done.append(_settled(track, detector, settings))
            else:
                still.append(track)
        scene.live = still
        if index % 15 == 0:
            reporter.report(grey.time_ms / 1000, info.duration_s, message)
    done.extend(_settled(t, detector, settings) for t in scene.live)
    size = (round(shape[1] / scale), round(shape[0] / scale))
    tracks = [_finish(t, scale, settings) for t in sorted(done, key=lambda t: t.id)]
    unsure = [_unconfirmed(t) for t in tracks if t.removed]
    conditions = face_conditions.cautions(samples, len(times))
    reporter.report(info.duration_s, info.duration_s, message)
    return RedactionPlan(
        width=size[0],
        height=size[1],
        frame_times_ms=tuple(times),
        tracks=tuple(tracks),
        detector=DETECTOR_NAME,
        detector_version=detector_version(),
        settings=settings.to_dict(),
        rotation=info.rotation,
        cautions=tuple(sorted((*conditions, *unsure), key=lambda c: c.first)),
    )


def _lookback_frames(settings: FindSettings, fps: float, width: int, height: int) -> int:
    """How many grey frames a new face may be followed back into."""
    k = min(1.0, settings.full_long_side / max(width, height, 1))
    frame_bytes = max(1, round(width * k) * round(height * k))
    fit = settings.lookback_mb * 2**20 // frame_bytes
    return max(1, min(round(settings.lookback_s * fps), fit))


def _detect(
    detector: FaceDetector,
    gray: np.ndarray,
    settings: FindSettings,
    round_: int,
    rotation: int,
    quick: float,
) -> list[Detection]:
    """One detection round; round 0 of a scene runs every kind of pass."""
    kind = round_ % 4
    # The full-size picture shows large faces as well as the shrunk one does (a 450-px face
    # at 720p is found in both), so a round that searches it needs no shrunk pass.
    passes = [(1.0, 0.0)] if round_ == 0 or kind in (0, 2) else [(quick, 0.0)]
    if round_ == 0 or kind == 1:
        passes.append((settings.tilt_scale, settings.tilt))
    if round_ == 0 or kind == 3:
        passes.append((settings.tilt_scale, -settings.tilt))
    # Enlarged no further than a 1080p picture: faces there are as large already.
    upscale = min(settings.upscale, settings.full_long_side / max(gray.shape))
    if round_ % settings.upscale_every == 0 and upscale > 1.0:
        passes.append((upscale, 0.0))
    found: list[Detection] = []
    for scale, tilt in passes:
        # The picture is turned upright as it is shown (a phone's portrait clip) first.
        found.extend(detector.detect(gray, scale, tilt + rotation))
    return [replace(d, box=_whole_head(d.box, gray.shape)) for d in merge_detections(found)]


def _whole_head(box: Box, shape: tuple[int, ...]) -> Box:
    """A face cut by the picture's edge, given its whole size: it stretches out past the edge
    (faces are about four fifths as wide as tall), so its box fits the head coming in."""
    height, width = shape[:2]
    x, y, w, h = box.x, box.y, box.w, box.h
    if w < _FACE_RATIO * h:
        if x <= _EDGE:
            x, w = x + w - _FACE_RATIO * h, _FACE_RATIO * h
        elif x + w >= width - _EDGE:
            w = _FACE_RATIO * h
    elif h < w / _FACE_RATIO:
        if y <= _EDGE:
            y, h = y + h - w / _FACE_RATIO, w / _FACE_RATIO
        elif y + h >= height - _EDGE:
            h = w / _FACE_RATIO
    return Box(x, y, w, h)


def _conditions(index: int, gray: np.ndarray, quick: float) -> face_conditions.Conditions:
    size = (max(1, round(gray.shape[1] * quick)), max(1, round(gray.shape[0] * quick)))
    return face_conditions.measure(index, cv2.resize(gray, size, interpolation=cv2.INTER_AREA))


def _on_picture(box: Box, shape: tuple[int, ...]) -> bool:
    return box.x + box.w > 0 and box.y + box.h > 0 and box.x < shape[1] and box.y < shape[0]


def _same_face(a: Box, b: Box) -> bool:
    reach = 0.6 * max(a.w, b.w)
    return a.iou(b) > 0.15 or (abs(a.cx - b.cx) < reach and abs(a.cy - b.cy) < reach)


def _match(
    live: list[_Live], found: list[Detection], index: int, gray: np.ndarray
) -> list[Detection]:
    """Give detections to the tracks they continue; returns the ones that start new tracks."""
    pairs = sorted(
        (
            (t.boxes[index].iou(det.box), n, k)
            for n, t in enumerate(live)
            for k, det in enumerate(found)
            if _same_face(t.boxes[index], det.box)
        ),
        reverse=True,
    )
    used_tracks: set[int] = set()
    used: set[int] = set()
    for _iou, n, k in pairs:
        if n in used_tracks or k in used:
            continue
        used_tracks.add(n)
        used.add(k)
        track = live[n]
        track.boxes[index] = found[k].box
        track.follower.reset(gray, found[k].box)
        track.scores.append(found[k].score)
        if track.look is not None:
            track.look.views.update(found[k].views)
        track.flagged.discard(index)
    # A second find on a face that already has a track (a turned pass's looser box) is not
    # a new face.
    return [
        det
        for k, det in enumerate(found)
        if k not in used and not any(t.boxes[index].covered_by(det.box) > 0.5 for t in live)
    ]


def _follow_back(
    track: _Live, box: Box, gray: np.ndarray, recent: deque[tuple[int, np.ndarray]], hold: int
) -> None:
    """Cover the frames before the detector saw the face: followed while it can be, then
    carried on the way it was moving (into the picture's edge) for up to ``hold`` frames."""
    # Walking back, a face that came in from the edge keeps going out at its full speed, and
    # only a sure match moves the box: half a face at the edge matches the wrong thing.
    follower = FaceFollower(gray, box, coast=1.0, accept=SURE)
    for index, earlier in reversed(recent):
        score = follower.step(earlier)
        if follower.lost > hold or not _on_picture(follower.box, earlier.shape):
            break
        track.boxes[index] = follower.box
        if score < SURE:
            track.flagged.add(index)


def _settled(track: _Live, detector: FaceDetector, settings: FindSettings) -> _Live:
    """At the track's end: the second look if it needs one, and its pictures let go."""
    if track.look is not None and max(track.scores) < settings.confirm_below:
        track.second = track.look.score(detector)
    track.look = None
    return track


def _finish(track: _Live, scale: float, settings: FindSettings) -> Track:
    start, boxes = fill_gaps({i: b.scaled(1 / scale) for i, b in track.boxes.items()})
    flagged = set(track.flagged)
    if len(track.scores) == 1:
        flagged.add(start)  # seen by the detector only once: maybe not a face at all
    # Weak in every detection (so it had a second look), and no face there either: left
    # visible, and said so.
    unconfirmed = track.second is not None and track.second < settings.threshold
    return Track(
        track.id,
        start,
        boxes,
        flagged=tuple(sorted(flagged)),
        removed=unconfirmed,
        score=sum(track.scores) / len(track.scores),
        detections=len(track.scores),
    )


def _unconfirmed(track: Track) -> Caution:
    """The words for a possible face that is left visible: where it is, how large, how sure."""
    box = track.boxes[0]
    return Caution(
        "unconfirmed",
        track.start,
        track.end,
        f"face {track.id} (about {round(box.h)} px tall, at x={round(box.x)} y={round(box.y)}) "
        f"was seen at only {round(100 * track.score)} % and a closer, steadier look found no "
        "face there, so it is not hidden; look at it, and hide it if it is a face",
    )

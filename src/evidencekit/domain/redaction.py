"""Face redaction of a clip: face tracks, what the teacher decided about each, and the audit.

A plan describes one original clip. Each track is one face followed across
frames, with a box for every frame from ``start`` to ``end`` and no holes, so no
frame inside a track can come out unblurred. Every track is hidden unless the
teacher keeps it (herself, or a student with video consent). The plan holds boxes
and decisions only, never pictures of faces; the audit that goes into a bundle
holds counts and settings only.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.ids import StudentId

PLAN_VERSION = 1
DEFAULT_MARGIN = 0.3  # of the face box's size, each side: hair, ears and a turned head


class RedactMode(StrEnum):
    BLUR = "blur"
    PIXELATE = "pixelate"
    FILL = "fill"


class TrackKind(StrEnum):
    DETECTED = "detected"
    MANUAL = "manual"  # drawn by the teacher where the detector missed a face


class RedactionStatus(StrEnum):
    """How far a clip's protection has come (read by preflight and packing)."""

    PENDING = "pending"  # faces found, not yet reviewed and rendered
    DONE = "done"  # reviewed, and the redacted copy matches the plan


class RedactionError(EvidenceKitError):
    """A redaction request that cannot be carried out as asked; nothing was written."""


@dataclass(frozen=True)
class Box:
    """A rectangle in the clip's stored (not rotated) pixels."""

    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def _intersection(self, other: Box) -> float:
        ix = max(0.0, min(self.x + self.w, other.x + other.w) - max(self.x, other.x))
        iy = max(0.0, min(self.y + self.h, other.y + other.h) - max(self.y, other.y))
        return ix * iy

    def iou(self, other: Box) -> float:
        inter = self._intersection(other)
        union = self.w * self.h + other.w * other.h - inter
        return inter / union if union > 0 else 0.0

    def covered_by(self, other: Box) -> float:
        """How much of the smaller of the two lies inside the other (0–1)."""
        smaller = min(self.w * self.h, other.w * other.h)
        return self._intersection(other) / smaller if smaller > 0 else 0.0

    def lerp(self, other: Box, t: float) -> Box:
        return Box(
            self.x + (other.x - self.x) * t,
            self.y + (other.y - self.y) * t,
            self.w + (other.w - self.w) * t,
            self.h + (other.h - self.h) * t,
        )

    def scaled(self, factor: float) -> Box:
        return Box(self.x * factor, self.y * factor, self.w * factor, self.h * factor)

    def oval(self, margin: float, rotation: int = 0) -> tuple[float, float, float, float]:
        """The rectangle (x0, y0, x1, y1) around the hidden ellipse: the box with ``margin``
        added each side and more above for hair, not clipped to the picture.

        "Above" is as a viewer sees it: for a clip stored sideways with a display turn
        of ``rotation`` degrees counter-clockwise (phones filming in portrait), the
        stored side that the turn puts on top.
        """
        dx, dy = self.w * margin, self.h * margin
        left, top, right, bottom = dx, dy, dx, dy
        if rotation == 90:
            right += dx / 2
        elif rotation == 180:
            bottom += dy / 2
        elif rotation == 270:
            left += dx / 2
        else:
            top += dy / 2
        return self.x - left, self.y - top, self.x + self.w + right, self.y + self.h + bottom

    def expanded(
        self, margin: float, width: int, height: int, rotation: int = 0
    ) -> tuple[int, int, int, int]:
        """Whole pixels (x0, y0, x1, y1) of ``oval``, clipped to the picture."""
        ox0, oy0, ox1, oy1 = self.oval(margin, rotation)
        x0 = max(0, int(ox0))
        y0 = max(0, int(oy0))
        x1 = min(width, int(ox1 + 0.999))
        y1 = min(height, int(oy1 + 0.999))
        return x0, y0, max(x0, x1), max(y0, y1)


@dataclass(frozen=True)
class Caution:
    """A stretch of frames where faces may have been missed, and why, in words."""

    kind: str  # "dark", "noisy", "blurred", "few_faces", "no_faces"
    first: int  # frame indices, inclusive
    last: int
    text: str

    def describe(self, times_ms: Sequence[int]) -> str:
        if not times_ms:
            return self.text
        a = times_ms[min(self.first, len(times_ms) - 1)] / 1000
        b = times_ms[min(self.last, len(times_ms) - 1)] / 1000
        return f"{a:.1f}–{b:.1f} s: {self.text}"


@dataclass(frozen=True)
class Keep:
    """Why a track is left visible: the teacher herself, or a student with video consent."""

    teacher: bool = False
    student_id: StudentId | None = None


@dataclass(frozen=True)
class Track:
    id: int
    start: int  # first frame index
    boxes: tuple[Box, ...]  # one per frame from ``start``, without holes
    kind: TrackKind = TrackKind.DETECTED
    flagged: tuple[int, ...] = ()  # frames where the face was lost or uncertain
    keep: Keep | None = None
    removed: bool = False  # not a face: struck out by the teacher, or unconfirmed by the finder
    keyframes: Mapping[int, Box] = field(default_factory=dict)  # manual tracks' drawn boxes
    score: float = 1.0  # the detector's mean confidence where it saw the face (drawn: 1)
    detections: int = 0  # frames in which the detector saw it

    @property
    def end(self) -> int:
        """The last frame index (inclusive)."""
        return self.start + len(self.boxes) - 1

    @property
    def hidden(self) -> bool:
        return not self.removed and self.keep is None

    def box_at(self, frame: int) -> Box | None:
        if self.start <= frame <= self.end:
            return self.boxes[frame - self.start]
        return None


@dataclass(frozen=True)
class Edit:
    """One change the teacher made by hand, for the audit (no coordinates kept there)."""

    # "add", "nudge", "remove", "restore", "keep", "blur", "margin", "mode", "mute", "hide-all"
    kind: str
    track_id: int | None = None


@dataclass(frozen=True)
class RedactionPlan:
    width: int
    height: int
    frame_times_ms: tuple[int, ...]  # when each frame is shown, from the clip's start
    tracks: tuple[Track, ...]
    detector: str
    detector_version: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    mode: RedactMode = RedactMode.BLUR
    margin: float = DEFAULT_MARGIN
    mutes: tuple[tuple[float, float], ...] = ()
    edits: tuple[Edit, ...] = ()
    reviewed: bool = False
    output_sha256: str | None = None  # the redacted copy made from this plan, once rendered
    # How a player turns the stored picture (counter-clockwise degrees), so the review
    # can show it upright while boxes stay in stored pixels.
    rotation: int = 0
    cautions: tuple[Caution, ...] = ()  # where detection may have missed faces
    # Blur the whole picture except the kept faces, for clips detection cannot be trusted on.
    hide_all_but_kept: bool = False

    @property
    def frame_count(self) -> int:
        return len(self.frame_times_ms)

    @property
    def duration_s(self) -> float:
        if len(self.frame_times_ms) < 2:
            return 0.0
        step = self.frame_times_ms[-1] - self.frame_times_ms[-2]
        return (self.frame_times_ms[-1] + step) / 1000

    @property
    def status(self) -> RedactionStatus:
        if self.reviewed and self.output_sha256:
            return RedactionStatus.DONE
        return RedactionStatus.PENDING

    def track(self, track_id: int) -> Track:
        for track in self.tracks:
            if track.id == track_id:
                return track
        known = ", ".join(str(t.id) for t in self.tracks) or "none"
        raise RedactionError(f"There is no face track {track_id} in this clip (tracks: {known}).")

    def hidden_area(self, box: Box) -> tuple[int, int, int, int]:
        """The pixels (x0, y0, x1, y1) hidden for a face box: its margin, hair side up."""
        return box.expanded(self.margin, self.width, self.height, self.rotation)

    def hidden_boxes(self, frame: int) -> list[tuple[int, int, int, int]]:
        """The pixel rectangles to hide in one frame, margins included."""
        found = []
        for track in self.tracks:
            box = track.box_at(frame) if track.hidden else None
            if box is not None:
                found.append(self.hidden_area(box))
        return found

    def ovals(self, frame: int, kept: bool = False) -> list[tuple[float, float, float, float]]:
        """The rectangles around the ellipses hidden in one frame (or, with ``kept``, left
        visible when everything else is hidden), not clipped: a face half outside the
        picture keeps the ellipse of its whole head."""
        found = []
        for track in self.tracks:
            wanted = track.keep is not None and not track.removed if kept else track.hidden
            box = track.box_at(frame) if wanted else None
            if box is not None:
                found.append(box.oval(self.margin, self.rotation))
        return found

    def left_unsure(self, track: Track) -> bool:
        """Struck out by the finder, not by the teacher: a possible face that its second
        look did not confirm, left visible until she decides."""
        return track.removed and not any(
            edit.track_id == track.id and edit.kind in ("remove", "restore") for edit in self.edits
        )

    def flagged_frames(self) -> list[int]:
        """Frames the teacher should look at: where a track she has not struck out was unsure,
        and where each stretch detection cannot be trusted on begins."""
        unsure = {f for t in self.tracks if not t.removed for f in t.flagged}
        return sorted(unsure | {c.first for c in self.cautions})

    def frame_at_ms(self, ms: float) -> int:
        """The frame on screen at ``ms``."""
        times = self.frame_times_ms
        low, high = 0, len(times)
        while low < high:
            mid = (low + high) // 2
            if times[mid] <= ms:
                low = mid + 1
            else:
                high = mid
        return max(0, low - 1)

    def muted(self, start_s: float, end_s: float) -> bool:
        return any(a < end_s and start_s < b for a, b in self.mutes)


# -- changes a review makes (each returns a new plan and records the edit) -----------


def _with_track(plan: RedactionPlan, track: Track, edit: Edit) -> RedactionPlan:
    tracks = tuple(track if t.id == track.id else t for t in plan.tracks)
    return replace(plan, tracks=tracks, edits=(*plan.edits, edit), output_sha256=None)


def keep_track(plan: RedactionPlan, track_id: int, keep: Keep | None) -> RedactionPlan:
    """Leave a track visible (``keep``) or hide it again (``None``)."""
    track = plan.track(track_id)
    kind = "blur" if keep is None else "keep"
    return _with_track(plan, replace(track, keep=keep), Edit(kind, track_id))


def remove_track(plan: RedactionPlan, track_id: int, removed: bool = True) -> RedactionPlan:
    """Strike out a false detection (or put it back)."""
    track = plan.track(track_id)
    kind = "remove" if removed else "restore"
    return _with_track(plan, replace(track, removed=removed), Edit(kind, track_id))


def add_manual_track(
    plan: RedactionPlan,
    start: int,
    boxes: Sequence[Box],
    keyframes: Mapping[int, Box],
    flagged: Iterable[int] = (),
) -> tuple[RedactionPlan, int]:
    """A track drawn by hand and followed by the tracker; returns the plan and its id."""
    new_id = max((t.id for t in plan.tracks), default=0) + 1
    track = Track(
        new_id,
        start,
        tuple(boxes),
        TrackKind.MANUAL,
        tuple(sorted(set(flagged))),
        keyframes=dict(keyframes),
    )
    edited = replace(
        plan,
        tracks=(*plan.tracks, track),
        edits=(*plan.edits, Edit("add", new_id)),
        output_sha256=None,
    )
    return edited, new_id


def replace_track_boxes(
    plan: RedactionPlan,
    track_id: int,
    start: int,
    boxes: Sequence[Box],
    keyframes: Mapping[int, Box],
    flagged: Iterable[int] = (),
) -> RedactionPlan:
    """A manual track followed again after the teacher nudged one of its keyframes."""
    track = replace(
        plan.track(track_id),
        start=start,
        boxes=tuple(boxes),
        keyframes=dict(keyframes),
        flagged=tuple(sorted(set(flagged))),
    )
    return _with_track(plan, track, Edit("nudge", track_id))


def set_margin(plan: RedactionPlan, margin: float) -> RedactionPlan:
    if not 0 <= margin <= 2:
        raise RedactionError("The margin around a face is between 0 and 200 % of its size.")
    return replace(plan, margin=margin, edits=(*plan.edits, Edit("margin")), output_sha256=None)


def hide_all_but_kept(plan: RedactionPlan, on: bool = True) -> RedactionPlan:
    """Blur the whole picture outside the kept faces (or go back to hiding face tracks)."""
    return replace(
        plan, hide_all_but_kept=on, edits=(*plan.edits, Edit("hide-all")), output_sha256=None
    )


def coverage_cautions(plan: RedactionPlan, expected_faces: int = 0) -> tuple[Caution, ...]:
    """The plan's cautions, plus one when fewer faces were found than people are known to be
    in the clip, or none at all: "nothing found" is never a clean bill."""
    last = max(0, plan.frame_count - 1)
    found = sum(not t.removed for t in plan.tracks)
    extra: list[Caution] = []
    if found == 0:
        extra.append(
            Caution(
                "no_faces",
                0,
                last,
                "no face was found; that is not proof there is none — look at the clip, or hide "
                "everything except the teacher",
            )
        )
    elif expected_faces > found:
        extra.append(
            Caution(
                "few_faces",
                0,
                last,
                f"{found} face(s) found but {expected_faces} people are tagged in this clip; "
                "some may have been missed",
            )
        )
    kinds = {c.kind for c in plan.cautions}
    return (*plan.cautions, *(c for c in extra if c.kind not in kinds))


def set_mode(plan: RedactionPlan, mode: RedactMode) -> RedactionPlan:
    return replace(plan, mode=mode, edits=(*plan.edits, Edit("mode")), output_sha256=None)


def add_mute(plan: RedactionPlan, start_s: float, end_s: float) -> RedactionPlan:
    check_mute(start_s, end_s, plan.duration_s)
    mutes = tuple(sorted((*plan.mutes, (start_s, end_s))))
    return replace(plan, mutes=mutes, edits=(*plan.edits, Edit("mute")), output_sha256=None)


def check_mute(start_s: float, end_s: float, duration_s: float | None = None) -> None:
    if not (0 <= start_s < end_s):
        raise RedactionError(
            f"A muted range runs from an earlier time to a later one; {start_s:g}–{end_s:g} s "
            "does not."
        )
    if duration_s and start_s >= duration_s:
        raise RedactionError(
            f"The muted range {start_s:g}–{end_s:g} s starts after the clip ends "
            f"({duration_s:.1f} s)."
        )


def mark_reviewed(plan: RedactionPlan) -> RedactionPlan:
    return replace(plan, reviewed=True)


def fill_gaps(boxes: Mapping[int, Box]) -> tuple[int, tuple[Box, ...]]:
    """Frames between known boxes get boxes moved evenly from one to the next."""
    frames = sorted(boxes)
    if not frames:
        raise ValueError("a track needs at least one box")
    out = [boxes[frames[0]]]
    for before, after in itertools.pairwise(frames):
        gap = after - before
        out.extend(boxes[before].lerp(boxes[after], i / gap) for i in range(1, gap))
        out.append(boxes[after])
    return frames[0], tuple(out)


def audit_entry(plan: RedactionPlan) -> dict[str, Any]:
    """What a bundle may say about the redaction: tool, settings, counts. No faces, no boxes."""
    counts: dict[str, int] = {}
    for edit in plan.edits:
        counts[edit.kind] = counts.get(edit.kind, 0) + 1
    return {
        "detector": plan.detector,
        "detector_version": plan.detector_version,
        # Inside "settings" because bundle-metadata-1 allows no other new keys here.
        "settings": {
            **plan.settings,
            "mode": str(plan.mode),
            "margin": plan.margin,
            "shape": "ellipse",
            "hide_all_but_kept": plan.hide_all_but_kept,
            "cautions": ",".join(sorted({c.kind for c in plan.cautions})),
        },
        "tracks_blurred": sum(t.hidden for t in plan.tracks),
        "tracks_kept": sum(t.keep is not None and not t.removed for t in plan.tracks),
        "tracks_added_by_hand": sum(t.kind is TrackKind.MANUAL for t in plan.tracks),
        "manual_edits": dict(sorted(counts.items())),
        "muted_ranges": len(plan.mutes),
        "reviewed": plan.reviewed,
    }

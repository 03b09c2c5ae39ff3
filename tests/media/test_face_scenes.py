"""Faces across a cut, walking in from the edge, in a dark room: hidden, and said so honestly."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evidencekit.domain.redaction import Box, Keep, RedactionPlan, hide_all_but_kept, keep_track
from evidencekit.media.faces.face_tracks import find_faces
from evidencekit.media.faces.redact_render import render_redacted
from tests.media.face_clips import Actor, decoded_grey, glide, make_face_clip, sharpness


def _inside_an_oval(plan: RedactionPlan, frame: int, face: Box) -> bool:
    """The face's inner part (20–80 % of its box) lies inside one hidden ellipse."""
    points = [(face.x + face.w * u, face.y + face.h * v) for u in (0.2, 0.8) for v in (0.2, 0.8)]
    for x0, y0, x1, y1 in plan.ovals(frame):
        cx, cy, a, b = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
        if all(((x - cx) / a) ** 2 + ((y - cy) / b) ** 2 <= 1 for x, y in points):
            return True
    return False


def test_no_track_crosses_a_cut_and_faces_after_it_are_hidden_from_its_first_frame(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cut.mp4"
    actors = [
        Actor(70, glide(0.3, 0.4, 0.35, 0.4, 2.0), scene=0),
        Actor(70, glide(0.7, 0.45, 0.65, 0.45, 2.0), scene=1),
        Actor(55, glide(0.5, 0.75, 0.55, 0.75, 2.0)),
    ]
    truth = make_face_clip(path, actors, seconds=2.0, cut_at=1.0, audio=False)
    plan = find_faces(path)
    cut = 15  # the first frame of the second camera (15 fps)
    assert all(t.end < cut or t.start >= cut for t in plan.tracks)
    # The empty seat of the first camera's face is not blurred after the cut.
    gone = truth[0][cut - 1]
    assert gone is not None and not _inside_an_oval(plan, cut, gone)
    for boxes in truth:
        for f, face in enumerate(boxes):
            assert face is None or _inside_an_oval(plan, f, face), f"frame {f}"


def test_a_face_walking_in_is_hidden_from_its_first_partial_frame(tmp_path: Path) -> None:
    path = tmp_path / "walk-in.mp4"
    walker = Actor(70, glide(-0.12, 0.45, 0.55, 0.45, 4.0), walks_in=True)
    [boxes] = make_face_clip(path, [walker], seconds=2.0, audio=False)
    plan = find_faces(path)
    first = next(f for f, b in enumerate(boxes) if b is not None and b.w >= 0.3 * 70)
    assert first > 0  # it really comes in from outside
    for f in range(first, len(boxes)):
        face = boxes[f]
        assert face is not None
        # Only its visible part can be hidden: test the middle of that.
        middle = Box(face.x + face.w * 0.25, face.y, face.w * 0.5, face.h)
        assert _inside_an_oval(plan, f, middle), f"frame {f}"


def test_a_dark_room_is_flagged_in_words_and_everything_but_the_teacher_can_be_hidden(
    tmp_path: Path,
) -> None:
    path = tmp_path / "dark.mp4"
    actors = [
        Actor(90, glide(0.3, 0.4, 0.35, 0.42, 2.0)),
        Actor(60, glide(0.75, 0.6, 0.7, 0.6, 2.0)),
    ]
    teacher, pupil = make_face_clip(path, actors, seconds=1.0, light=0.3, audio=False)
    plan = find_faces(path)
    [dark] = [c for c in plan.cautions if c.kind == "dark"]
    assert (dark.first, dark.last) == (0, plan.frame_count - 1) and "dark" in dark.text
    assert 0 in plan.flagged_frames()  # the review opens there
    mine = max(plan.tracks, key=lambda t: t.boxes[0].w)
    plan = hide_all_but_kept(keep_track(plan, mine.id, Keep(teacher=True)))
    out = tmp_path / "dark-hidden.mp4"
    render_redacted(path, out, replace(plan, margin=0.2))
    before, after = decoded_grey(path), decoded_grey(out)
    board = Box(285, 55, 95, 45)  # the whiteboard's "2/5": not a face, hidden all the same
    for f in (0, len(before) // 2):
        assert sharpness(after[f], teacher[f]) > 0.5 * sharpness(before[f], teacher[f])
        assert sharpness(after[f], pupil[f]) < 0.05 * sharpness(before[f], pupil[f])
        assert sharpness(after[f], board) < 0.05 * sharpness(before[f], board)

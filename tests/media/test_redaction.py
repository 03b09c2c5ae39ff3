"""Finding, following and hiding faces: four moving faces, the teacher's kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest

from evidencekit.domain.errors import Cancelled, MediaError
from evidencekit.domain.redaction import Box, Keep, RedactionPlan, RedactMode, keep_track
from evidencekit.domain.redaction_json import plan_from_json, plan_to_json
from evidencekit.domain.tasks import CancelToken, Reporter, no_progress
from evidencekit.media.faces.face_follow import follow_keyframes
from evidencekit.media.faces.face_tracks import find_faces
from evidencekit.media.faces.redact_render import render_redacted
from evidencekit.media.probe import probe
from tests.media.face_clips import (
    Actor,
    decoded_grey,
    four_faces,
    glide,
    make_face_clip,
    sharpness,
)

TEACHER = 0


@pytest.fixture(scope="module")
def four(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[Box]], RedactionPlan]:
    path = tmp_path_factory.mktemp("faces") / "four.mp4"
    truth = make_face_clip(path, four_faces())
    return path, truth, find_faces(path)


def _track_of(plan: RedactionPlan, truth: list[Box]) -> int:
    """The track that follows a true face (best overlap over the clip)."""

    def overlap(track_id: int) -> float:
        track = plan.track(track_id)
        return sum(
            box.iou(truth[f]) for f in range(len(truth)) if (box := track.box_at(f)) is not None
        )

    return max((t.id for t in plan.tracks), key=overlap)


def _audio(path: Path) -> tuple[np.ndarray, int]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        chunks = [f.to_ndarray().mean(axis=0) for f in container.decode(stream)]
        return np.concatenate(chunks), stream.rate


def test_every_face_gets_one_track_covering_every_frame(four) -> None:
    _path, truth, plan = four
    assert len(plan.tracks) == 4
    assert plan.frame_count == len(truth[0])
    for boxes in truth:
        track = plan.track(_track_of(plan, boxes))
        assert (track.start, track.end) == (0, plan.frame_count - 1)
        # The hidden ellipse (margins included) always covers the true face's inner part.
        for f, true in enumerate(boxes):
            x0, y0, x1, y1 = plan.hidden_area(track.box_at(f))
            cx, cy, a, b = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
            for px in (true.x + 0.1 * true.w, true.x + 0.9 * true.w):
                for py in (true.y + 0.1 * true.h, true.y + 0.9 * true.h):
                    assert ((px - cx) / a) ** 2 + ((py - cy) / b) ** 2 <= 1, f"frame {f}"


def test_teacher_kept_others_hidden_in_every_frame_with_sound(four, tmp_path: Path) -> None:
    path, truth, plan = four
    teacher = _track_of(plan, truth[TEACHER])
    plan = replace(keep_track(plan, teacher, Keep(teacher=True)), mutes=((1.0, 2.0),))
    out = tmp_path / "protected.mp4"
    render_redacted(path, out, plan)
    before, after = decoded_grey(path), decoded_grey(out)
    assert len(after) == len(before)
    for n, boxes in enumerate(truth):
        ratios = [
            sharpness(after[f], box) / sharpness(before[f], box) for f, box in enumerate(boxes)
        ]
        if n == TEACHER:
            assert min(ratios) > 0.7  # only the encoder touched her face
            assert (
                np.abs(
                    after[5][int(boxes[5].y) : int(boxes[5].y + boxes[5].h)].astype(int)
                    - before[5][int(boxes[5].y) : int(boxes[5].y + boxes[5].h)].astype(int)
                ).mean()
                < 6
            )
        else:
            assert max(ratios) < 0.05, f"face {n} is still sharp in some frame"
    original, source_info = probe(path), probe(out)
    assert source_info.has_audio
    assert abs(source_info.duration_s - original.duration_s) < 0.1
    sound, rate = _audio(out)
    muted = sound[int(1.05 * rate) : int(1.95 * rate)]
    heard = sound[int(0.1 * rate) : int(0.9 * rate)]
    assert np.abs(muted).max() < 1e-3
    assert np.sqrt((heard**2).mean()) > 0.01


def test_fill_leaves_one_flat_colour(four, tmp_path: Path) -> None:
    path, truth, plan = four
    out = tmp_path / "filled.mp4"
    render_redacted(path, out, replace(plan, mode=RedactMode.FILL))
    after = decoded_grey(out)
    for boxes in truth:
        box = boxes[10]
        crop = after[10][int(box.y) : int(box.y + box.h), int(box.x) : int(box.x + box.w)]
        assert crop.std() < 3


def test_a_face_lying_on_its_side_is_found_and_a_drawn_box_is_followed(tmp_path: Path) -> None:
    """Haar cascades missed this face; the turned detection passes find it. A box drawn by
    hand on it is followed through the clip all the same."""
    path = tmp_path / "sideways.mp4"
    truth = make_face_clip(
        path, [Actor(60, glide(0.3, 0.4, 0.6, 0.5, 2.0), sideways=True)], seconds=2.0
    )[0]
    plan = find_faces(path)
    assert any(t.box_at(0) and t.box_at(0).iou(truth[0]) > 0.3 for t in plan.tracks)
    followed = follow_keyframes(path, plan.frame_times_ms, {0: truth[0]})
    assert followed.start == 0 and len(followed.boxes) == plan.frame_count
    assert min(b.iou(t) for b, t in zip(followed.boxes, truth, strict=True)) > 0.6


def test_damaged_file_and_cancel_leave_nothing(tmp_path: Path, four) -> None:
    path, _truth, plan = four
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(2000))
    with pytest.raises(MediaError):
        find_faces(broken)
    token = CancelToken()
    token.cancel()
    out = tmp_path / "cancelled.mp4"
    with pytest.raises(Cancelled):
        render_redacted(path, out, plan, reporter=Reporter(no_progress, token))
    assert list(tmp_path.iterdir()) == [broken]


def test_a_portrait_phone_clip_is_searched_upright_and_the_plan_says_how_to_show_it(
    tmp_path: Path,
) -> None:
    """Stored sideways with a quarter turn in the display matrix, as phones write portrait."""
    path = tmp_path / "portrait.mp4"
    truth = make_face_clip(
        path,
        [Actor(80, glide(0.3, 0.5, 0.35, 0.5, 2.0), sideways=True)],
        seconds=2.0,
        rotation=90,
    )
    plan = find_faces(path)
    assert plan.rotation == 90
    assert any((box := t.box_at(0)) is not None and box.iou(truth[0][0]) > 0.3 for t in plan.tracks)
    assert plan_from_json(plan_to_json(plan)).rotation == 90

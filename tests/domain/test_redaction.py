"""The redaction plan: holes filled, decisions recorded, JSON kept, audit without faces."""

from __future__ import annotations

import json

import pytest

from evidencekit.domain.ids import StudentId
from evidencekit.domain.redaction import (
    Box,
    Keep,
    RedactionError,
    RedactionPlan,
    RedactionStatus,
    Track,
    add_manual_track,
    add_mute,
    audit_entry,
    fill_gaps,
    keep_track,
    mark_reviewed,
    remove_track,
    set_margin,
)
from evidencekit.domain.redaction_json import plan_from_json, plan_to_json


def _plan() -> RedactionPlan:
    boxes = tuple(Box(10 + i, 20, 30, 30) for i in range(5))
    return RedactionPlan(
        width=200,
        height=100,
        frame_times_ms=tuple(range(0, 1000, 100)),
        tracks=(Track(1, 2, boxes, flagged=(3,)), Track(2, 0, boxes[:2])),
        detector="test",
        detector_version="1",
        settings={"detections_per_s": 6},
    )


def test_fill_gaps_moves_evenly_and_leaves_no_hole() -> None:
    start, boxes = fill_gaps({4: Box(0, 0, 10, 10), 8: Box(40, 0, 10, 10), 9: Box(50, 0, 10, 10)})
    assert start == 4 and len(boxes) == 6
    assert [b.x for b in boxes] == [0, 10, 20, 30, 40, 50]


def test_hidden_boxes_follow_decisions_and_margins() -> None:
    plan = _plan()
    assert plan.hidden_boxes(1) == [Box(11, 20, 30, 30).expanded(plan.margin, 200, 100)]
    assert len(plan.hidden_boxes(3)) == 1 and plan.hidden_boxes(9) == []
    kept = keep_track(plan, 1, Keep(teacher=True))
    assert kept.hidden_boxes(3) == []
    gone = remove_track(plan, 2)
    assert gone.hidden_boxes(1) == [] and gone.flagged_frames() == [3]
    x0, y0, x1, y1 = Box(50, 50, 20, 20).expanded(0.5, 200, 100)
    assert (x0, y0, x1, y1) == (40, 35, 80, 80)  # more room above, for hair
    assert Box(190, 90, 20, 20).expanded(0.5, 200, 100)[2:] == (200, 100)


@pytest.mark.parametrize(
    ("rotation", "expected"),
    [
        (0, (40, 35, 80, 80)),  # hair room at the stored top
        (90, (40, 40, 85, 80)),  # shown turned: the stored right side is on top
        (180, (40, 40, 80, 85)),
        (270, (35, 40, 80, 80)),
    ],
)
def test_hair_room_goes_on_the_side_a_viewer_sees_on_top(
    rotation: int, expected: tuple[int, int, int, int]
) -> None:
    assert Box(50, 50, 20, 20).expanded(0.5, 200, 100, rotation) == expected


def test_edits_are_counted_and_the_audit_holds_no_boxes() -> None:
    plan = keep_track(_plan(), 2, Keep(student_id=StudentId(4)))
    plan, new_id = add_manual_track(plan, 0, [Box(1, 1, 5, 5)], {0: Box(1, 1, 5, 5)})
    plan = add_mute(set_margin(plan, 0.5), 0.2, 0.4)
    audit = audit_entry(mark_reviewed(plan))
    assert new_id == 3
    assert audit["tracks_blurred"] == 2 and audit["tracks_kept"] == 1
    assert audit["tracks_added_by_hand"] == 1 and audit["reviewed"] is True
    assert audit["manual_edits"] == {"add": 1, "keep": 1, "margin": 1, "mute": 1}
    assert audit["settings"]["margin"] == 0.5 and audit["detector"] == "test"
    text = json.dumps(audit)
    assert "boxes" not in text and "keyframes" not in text and "student" not in text


def test_status_needs_review_and_a_rendered_copy() -> None:
    plan = _plan()
    assert plan.status is RedactionStatus.PENDING
    assert mark_reviewed(plan).status is RedactionStatus.PENDING
    done = mark_reviewed(plan).__class__(**{**mark_reviewed(plan).__dict__, "output_sha256": "a"})
    assert done.status is RedactionStatus.DONE
    assert keep_track(done, 1, None).output_sha256 is None  # any change needs a new render


def test_json_round_trip_and_damaged_json() -> None:
    plan = keep_track(_plan(), 2, Keep(student_id=StudentId(4)))
    plan, _ = add_manual_track(plan, 1, [Box(1, 2, 3, 4)] * 3, {1: Box(1, 2, 3, 4)}, [2])
    assert plan_from_json(plan_to_json(plan)) == plan
    with pytest.raises(RedactionError, match="cannot be read"):
        plan_from_json('{"version": 1, "tracks": [{}]}')


@pytest.mark.parametrize("start,end", [(3, 2), (-1, 2), (2, 2), (12, 14)])
def test_bad_mutes_and_unknown_tracks(start: float, end: float) -> None:
    with pytest.raises(RedactionError):
        add_mute(_plan(), start, end)
    with pytest.raises(RedactionError, match="no face track 9"):
        keep_track(_plan(), 9, Keep(teacher=True))


def test_frame_at_ms() -> None:
    plan = _plan()
    assert [plan.frame_at_ms(ms) for ms in (0, 99, 100, 950, 5000)] == [0, 0, 1, 9, 9]
    assert plan.duration_s == pytest.approx(1.0)

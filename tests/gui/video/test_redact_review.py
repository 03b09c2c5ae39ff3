"""The review pass: a face the detector missed is boxed by hand, followed, and hidden."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from evidencekit.domain.redaction import Box, Caution, Keep, RedactionPlan, TrackKind
from evidencekit.domain.tasks import Reporter
from evidencekit.gui.video.redact_review import RedactReviewDialog
from evidencekit.media.faces.face_follow import FollowedTrack, follow_keyframes
from evidencekit.media.faces.face_tracks import find_faces
from evidencekit.media.faces.redact_render import render_redacted
from tests.media.face_clips import Actor, decoded_grey, glide, make_face_clip, sharpness


@pytest.fixture(scope="module")
def missed_face(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[Box]]]:
    path = tmp_path_factory.mktemp("review") / "lesson.mp4"
    actors = [
        Actor(80, glide(0.25, 0.4, 0.3, 0.45, 2.0)),  # found by the detector: the teacher
        Actor(60, glide(0.65, 0.35, 0.8, 0.55, 2.0), sideways=True),  # the one "missed"
    ]
    return path, make_face_clip(path, actors, seconds=2.0)


def _drag(qtbot: QtBot, dialog: RedactReviewDialog, box: Box) -> None:
    rect = dialog.view.to_widget(box)
    start = QPoint(round(rect.left()), round(rect.top()))
    end = QPoint(round(rect.right()), round(rect.bottom()))
    qtbot.mousePress(dialog.view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(dialog.view, pos=end)
    qtbot.mouseRelease(dialog.view, Qt.MouseButton.LeftButton, pos=end)


def test_a_missed_face_is_added_by_hand_followed_and_hidden(
    qtbot: QtBot, missed_face: tuple[Path, list[list[Box]]], tmp_path: Path
) -> None:
    path, (teacher, missed) = missed_face
    found = find_faces(path)
    # The detector finds this face lying on its side; a miss is made by taking its track out.
    plan = replace(
        found,
        tracks=tuple(
            t for t in found.tracks if not ((b := t.box_at(0)) and b.iou(missed[0]) > 0.2)
        ),
    )
    assert len(plan.tracks) < len(found.tracks)

    def follow(
        current: RedactionPlan, keyframes: dict[int, Box], reporter: Reporter
    ) -> FollowedTrack:
        return follow_keyframes(path, current.frame_times_ms, keyframes, reporter=reporter)

    dialog = RedactReviewDialog(path, plan, follow=follow)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.view._image is not None, timeout=10_000)

    # She marks her own face as kept: click its box, choose "Me".
    [mine] = [t for t in plan.tracks if (b := t.box_at(0)) and b.iou(teacher[0]) > 0.3]
    qtbot.mouseClick(
        dialog.view,
        Qt.MouseButton.LeftButton,
        pos=dialog.view.to_widget(mine.boxes[0]).center().toPoint(),
    )
    assert dialog.selected_track() == mine.id
    dialog.keep_as.setCurrentIndex(1)  # "Me (the teacher)"
    dialog.keep_as.activated.emit(1)
    dialog.tracks.setCurrentRow(-1)

    # She drags a box over the face the detector missed; the tracker follows it.
    with qtbot.waitSignal(dialog.trackAdded, timeout=20_000) as added:
        _drag(qtbot, dialog, missed[0])
    reviewed = dialog.plan()
    drawn = reviewed.track(added.args[0])
    assert drawn.kind is TrackKind.MANUAL and drawn.keep is None
    assert (drawn.start, drawn.end) == (0, reviewed.frame_count - 1)
    assert reviewed.track(mine.id).keep == Keep(teacher=True)

    # Scrubbing shows the drawn track's box on a later frame too.
    with qtbot.waitSignal(dialog.frameShown, timeout=10_000):
        dialog.show_frame(20)
    assert any(b.track_id == drawn.id for b in dialog.view._boxes)

    with qtbot.waitSignal(dialog.finished, timeout=5_000):
        dialog.protect.click()
    out = tmp_path / "protected.mp4"
    render_redacted(path, out, dialog.plan())
    before, after = decoded_grey(path), decoded_grey(out)
    for f in range(len(before)):
        assert sharpness(after[f], missed[f]) < 0.1 * sharpness(before[f], missed[f]), f
        assert sharpness(after[f], teacher[f]) > 0.7 * sharpness(before[f], teacher[f]), f


def test_hidden_faces_show_the_area_they_lose_and_it_follows_the_margin(
    qtbot: QtBot, missed_face: tuple[Path, list[list[Box]]]
) -> None:
    path, _truth = missed_face
    dialog = RedactReviewDialog(path, find_faces(path), follow=lambda *_: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.view._image is not None, timeout=10_000)

    def covered_width() -> float:
        [shown] = [b for b in dialog.view._boxes if b.covered is not None][:1]
        assert shown.covered.w > shown.box.w and shown.covered.h > shown.box.h
        return shown.covered.w

    before = covered_width()
    dialog.margin.setValue(dialog.margin.value() + 40)
    dialog.margin.editingFinished.emit()
    qtbot.waitUntil(lambda: covered_width() > before, timeout=5_000)


def test_the_review_says_how_many_faces_how_sure_and_where_to_look(
    qtbot: QtBot, missed_face: tuple[Path, list[list[Box]]]
) -> None:
    path, _truth = missed_face
    found = find_faces(path)
    dark = Caution("dark", 10, 20, "the picture is dark; faces may have been missed")
    plan = replace(found, cautions=(dark,))
    dialog = RedactReviewDialog(path, plan, follow=lambda *_args: None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog._frame == 10, timeout=10_000)  # opens where to look
    text = dialog.summary.text()
    assert f"{len(found.tracks)} faces found" in text and "% sure" in text
    assert "the picture is dark" in text
    least = min(found.tracks, key=lambda t: t.score)
    assert f"face {least.id}, {round(100 * least.score)} % sure" in text
    rows = [dialog.tracks.item(r).text() for r in range(dialog.tracks.count())]
    assert all("% sure" in row for row in rows)
    dialog.hide_all.click()
    assert dialog.plan().hide_all_but_kept


def test_a_face_the_finder_left_unsure_is_named_until_the_teacher_decides(
    qtbot: QtBot, missed_face: tuple[Path, list[list[Box]]]
) -> None:
    path, _truth = missed_face
    found = find_faces(path)
    first = found.tracks[0]
    unsure = replace(found, tracks=(replace(first, removed=True), *found.tracks[1:]))
    dialog = RedactReviewDialog(path, unsure, follow=lambda *_args: None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.tracks.setCurrentRow(0)
    assert "unsure it is a face: look at it" in dialog.tracks.item(0).text()
    assert dialog.not_face.isChecked()

    dialog.not_face.click()  # she looks: it is a face, so it is hidden
    assert dialog.tracks.item(0).text().endswith("hidden")
    dialog.not_face.click()  # or she decides it is not one
    assert dialog.tracks.item(0).text().endswith("not a face")
    assert not dialog.plan().left_unsure(dialog.plan().track(first.id))

"""The face view shows a sideways-stored phone clip upright; boxes stay in stored pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from evidencekit.domain.redaction import Box
from evidencekit.gui.video.face_view import HIDDEN, FaceView, ShownBox


@pytest.fixture
def view(qtbot: QtBot) -> FaceView:
    widget = FaceView()
    qtbot.addWidget(widget)
    widget.resize(400, 800)  # a tall window: a portrait picture fills it
    stored = QImage(320, 180, QImage.Format.Format_BGR888)  # landscape as stored
    widget.set_frame(stored, [])
    return widget


@pytest.mark.parametrize(
    ("rotation", "corner"),
    [(0, "top-left"), (90, "bottom-left"), (180, "bottom-right"), (270, "top-right")],
)
def test_the_stored_top_left_corner_lands_where_the_turn_puts_it(
    view: FaceView, rotation: int, corner: str
) -> None:
    view.set_rotation(rotation)
    shown = view.to_widget(Box(0, 0, 10, 10))
    picture = view.to_widget(Box(0, 0, 320, 180))
    near = {
        "top-left": picture.topLeft(),
        "bottom-left": picture.bottomLeft(),
        "bottom-right": picture.bottomRight(),
        "top-right": picture.topRight(),
    }[corner]
    assert shown.contains(near) or (shown.center() - near).manhattanLength() < shown.width()
    # Portrait when turned a quarter: the picture is taller than wide.
    assert (picture.height() > picture.width()) == (rotation in (90, 270))


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_a_box_drawn_on_screen_comes_back_in_stored_pixels(view: FaceView, rotation: int) -> None:
    view.set_rotation(rotation)
    face = Box(200, 40, 60, 80)
    on_screen = view.to_widget(face)
    back = view.to_frame(on_screen.topLeft(), on_screen.bottomRight())
    assert back.x == pytest.approx(face.x, abs=0.5) and back.y == pytest.approx(face.y, abs=0.5)
    assert back.w == pytest.approx(face.w, abs=0.5) and back.h == pytest.approx(face.h, abs=0.5)


def test_clicking_a_turned_box_selects_its_track(qtbot: QtBot, view: FaceView) -> None:
    view.set_rotation(90)
    face = Box(200, 40, 60, 80)
    view.set_boxes([ShownBox(7, face, HIDDEN, "7")])
    centre = view.to_widget(face).center()
    with qtbot.waitSignal(view.trackClicked) as clicked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPointF(centre).toPoint())
    assert clicked.args == [7]

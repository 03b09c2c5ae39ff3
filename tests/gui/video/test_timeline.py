"""The timeline: scrubbing by mouse and keys, markers, tooltips, in/out handles, painting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage

from evidencekit.gui.video.timeline import Marker, Timeline, format_ms


@pytest.fixture
def timeline(qtbot) -> Timeline:
    widget = Timeline()
    qtbot.addWidget(widget)
    widget.resize(416, 40)  # 400 px of track: 1 px = 150 ms of a minute
    widget.set_duration(60_000)
    widget.set_markers(
        [
            Marker(30_000, "hinge question", "question"),
            Marker(10_000, "students respond"),
            Marker(45_000, "clear model", "strength"),
        ]
    )
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_format_ms() -> None:
    assert format_ms(0) == "0:00"
    assert format_ms(65_432) == "1:05"
    assert format_ms(65_432, fraction=True) == "1:05.4"
    assert format_ms(3_725_000) == "1:02:05"
    assert format_ms(-5) == "0:00"


def test_click_and_drag_scrub(qtbot, timeline: Timeline) -> None:
    asked: list[int] = []
    timeline.seekRequested.connect(asked.append)
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(timeline.x_for_ms(21_000), 20))
    assert timeline.position() == 21_000
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(8, 20))
    qtbot.mouseMove(timeline, QPoint(208, 20))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(208, 20))
    assert asked[0] == 21_000 and asked[1] == 0 and asked[-1] == 30_000
    assert timeline.position() == 30_000
    # Clicks beyond the ends clamp to the clip.
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(415, 20))
    assert timeline.position() == 60_000


def test_keys_step_jump_and_follow_markers(qtbot, timeline: Timeline) -> None:
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert timeline.position() == 2_000
    qtbot.keyClick(timeline, Qt.Key.Key_Left)
    assert timeline.position() == 1_000
    qtbot.keyClick(timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert timeline.position() == 11_000  # Shift: ten steps
    qtbot.keyClick(timeline, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(timeline, Qt.Key.Key_Left)
    qtbot.keyClick(timeline, Qt.Key.Key_Left)
    assert timeline.position() == 0  # never before the start
    qtbot.keyClick(timeline, Qt.Key.Key_BracketRight)
    assert timeline.position() == 10_000
    qtbot.keyClick(timeline, Qt.Key.Key_BracketRight)
    assert timeline.position() == 30_000
    qtbot.keyClick(timeline, Qt.Key.Key_BracketLeft)
    assert timeline.position() == 10_000
    qtbot.keyClick(timeline, Qt.Key.Key_BracketLeft)
    assert timeline.position() == 10_000  # no earlier marker: stays
    qtbot.keyClick(timeline, Qt.Key.Key_End)
    assert timeline.position() == 60_000
    qtbot.keyClick(timeline, Qt.Key.Key_BracketRight)
    assert timeline.position() == 60_000
    qtbot.keyClick(timeline, Qt.Key.Key_Home)
    assert timeline.position() == 0


def test_marker_tooltips_and_accessibility(timeline: Timeline) -> None:
    assert timeline.accessibleName() == "Timeline"
    text = timeline.tooltip_at(timeline.x_for_ms(30_000) + 2)
    assert text == "0:30.0 · Question: hinge question"
    assert timeline.tooltip_at(timeline.x_for_ms(20_000)) == ""
    assert "3 markers" in timeline.accessibleDescription()
    timeline.set_position(12_000)
    assert "Position 0:12 of 1:00" in timeline.accessibleDescription()


def test_crowded_markers_summarise_in_the_tooltip(timeline: Timeline) -> None:
    timeline.set_markers([Marker(20_000 + i, f"c{i}", "note") for i in range(8)])
    text = timeline.tooltip_at(timeline.x_for_ms(20_000))
    assert text.splitlines()[0] == "0:20.0 · Note: c0"
    assert text.splitlines()[-1] == "and 3 more"


def _pixel(widget: Timeline, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def test_markers_are_painted_in_their_category_colour(timeline: Timeline) -> None:
    timeline.set_category_colours({"praise": "#00ff00"})
    timeline.set_markers([Marker(15_000, "well done", "praise"), Marker(45_000, "?", "question")])
    assert _pixel(timeline, timeline.x_for_ms(15_000), 4) == QColor("#00ff00")
    assert _pixel(timeline, timeline.x_for_ms(45_000), 4) == QColor("#8e44c9")
    # An unknown category still shows, in the fallback colour.
    timeline.set_markers([Marker(15_000, "x", "mystery")])
    assert _pixel(timeline, timeline.x_for_ms(15_000), 4) == QColor("#333333")


def test_playhead_move_repaints_only_the_strips_it_touches(qtbot, timeline: Timeline) -> None:
    painted: list[QRect] = []
    original = timeline.paintEvent

    def spy(event):
        painted.append(event.rect())
        original(event)

    timeline.paintEvent = spy
    qtbot.wait(20)
    painted.clear()
    timeline.set_position(30_000)
    qtbot.waitUntil(lambda: bool(painted))
    united = painted[0]
    for rect in painted[1:]:
        united = united.united(rect)
    assert united.width() < timeline.width()
    assert united.contains(QRect(timeline.x_for_ms(30_000) - 1, 0, 3, 10))
    assert _pixel(timeline, timeline.x_for_ms(30_000), 20) == QColor("#d0021b")


def test_range_handles_by_mouse_and_keys(qtbot, timeline: Timeline) -> None:
    ins: list[int] = []
    outs: list[int] = []
    timeline.inPointChanged.connect(ins.append)
    timeline.outPointChanged.connect(outs.append)
    timeline.set_range_editable(True)
    assert (timeline.in_point(), timeline.out_point()) == (0, 60_000)
    # Drag the in handle from the start to 6 s.
    start = QPoint(timeline.x_for_ms(0), 25)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=start)
    six = QPoint(timeline.x_for_ms(6_000), 25)
    qtbot.mouseMove(timeline, six)
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=six)
    assert timeline.in_point() == 6_000 and ins[-1] == 6_000
    assert timeline.position() == 6_000  # the playhead follows, so the frame is previewed
    # O at 50 s sets the out point; I cannot pass the out point.
    timeline.setFocus()
    timeline.set_position(50_000)
    qtbot.keyClick(timeline, Qt.Key.Key_O)
    assert timeline.out_point() == 50_000 and outs[-1] == 50_000
    timeline.set_position(55_000)
    qtbot.keyClick(timeline, Qt.Key.Key_I)
    assert timeline.in_point() == 49_999
    assert "keeping 0:49.9 to 0:50.0" in timeline.accessibleDescription()


def test_thumbnails_fill_the_track(timeline: Timeline) -> None:
    red = QImage(32, 18, QImage.Format.Format_RGB32)
    blue = QImage(32, 18, QImage.Format.Format_RGB32)
    red.fill(QColor("red"))
    blue.fill(QColor("blue"))
    timeline.set_thumbnails([red, blue])
    assert _pixel(timeline, timeline.x_for_ms(10_000), 25) == QColor("red")
    assert _pixel(timeline, timeline.x_for_ms(50_000), 25) == QColor("blue")


def test_an_empty_timeline_ignores_clicks(qtbot) -> None:
    widget = Timeline()
    qtbot.addWidget(widget)
    widget.resize(200, 40)
    asked: list[int] = []
    widget.seekRequested.connect(asked.append)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(100, 20))
    assert asked == [] and widget.position() == 0
    widget.grab()  # paints without a duration

"""A custom-painted clip timeline: playhead, in/out points and coloured markers.

Markers are bookmarks dropped while recording and, later, reviewers' comments;
a clip may carry thousands, so everything that only changes when the markers,
the duration or the size change (track, thumbnails, marker ticks) is painted
once into a cached pixmap, and a moving playhead repaints only the strips it
leaves and enters.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QPolygon,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

#: Colours for the marker categories the app knows; reviewers may add their own.
DEFAULT_COLOURS: dict[str, str] = {
    "bookmark": "#1f6fd1",
    "strength": "#2e8b57",
    "suggestion": "#d98200",
    "question": "#8e44c9",
    "note": "#6b6b6b",
}
FALLBACK_COLOUR = "#333333"

MARGIN = 8  # room either side for the playhead and the in/out handles
LANE = 10  # marker lane height above the track
HIT = 5  # pixels either side of a marker or handle that still count as on it


@dataclass(frozen=True)
class Marker:
    ms: int
    label: str
    category: str = "bookmark"


def format_ms(ms: int, *, fraction: bool = False) -> str:
    """1:02:03 for long clips, 2:03 for short ones; ``fraction`` adds tenths."""
    ms = max(0, int(ms))
    seconds, rest = divmod(ms, 1000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return f"{text}.{rest // 100}" if fraction else text


class Timeline(QWidget):
    """Shows a clip's duration; the user scrubs with the mouse or the keyboard.

    ``seekRequested`` carries the time the user asked for; the owner (a player)
    moves its media there and calls ``set_position`` back.
    """

    seekRequested = Signal(int)
    inPointChanged = Signal(int)
    outPointChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumHeight(LANE + 24)
        self.setAccessibleName(self.tr("Timeline"))
        self.step_ms = 1000
        self._duration = 0
        self._position = 0
        self._in: int | None = None
        self._out: int | None = None
        self._range_editable = False
        self._markers: list[Marker] = []
        self._marker_ms: list[int] = []
        self._marker_x: list[int] = []
        self._colours = {name: QColor(value) for name, value in DEFAULT_COLOURS.items()}
        self._thumbnails: list[QImage] = []
        self._layer: QPixmap | None = None
        self._drag: str | None = None
        self._update_description()

    # -- state ----------------------------------------------------------------

    def duration(self) -> int:
        return self._duration

    def position(self) -> int:
        return self._position

    def markers(self) -> list[Marker]:
        return list(self._markers)

    def in_point(self) -> int | None:
        return self._in

    def out_point(self) -> int | None:
        return self._out

    def set_duration(self, ms: int) -> None:
        self._duration = max(0, int(ms))
        self._position = min(self._position, self._duration)
        self._relayout()

    def set_position(self, ms: int) -> None:
        ms = max(0, min(int(ms), self._duration))
        if ms == self._position:
            return
        old_x = self.x_for_ms(self._position)
        self._position = ms
        new_x = self.x_for_ms(ms)
        if new_x != old_x:
            # The strip between the two positions changes too (the played part is tinted).
            left, right = min(old_x, new_x), max(old_x, new_x)
            self.update(self._playhead_rect(left).united(self._playhead_rect(right)))
        self._update_description()

    def set_markers(self, markers: Iterable[Marker]) -> None:
        self._markers = sorted(markers, key=lambda m: m.ms)
        self._marker_ms = [m.ms for m in self._markers]
        self._relayout()

    def set_category_colours(self, colours: Mapping[str, str | QColor]) -> None:
        """Add or replace category colours (a reviewer's own marker set)."""
        self._colours.update({name: QColor(value) for name, value in colours.items()})
        self._invalidate()

    def colour_for(self, category: str) -> QColor:
        return self._colours.get(category, QColor(FALLBACK_COLOUR))

    def category_title(self, category: str) -> str:
        """Words for a category; a reviewer's own categories are already words."""
        titles = {
            "bookmark": self.tr("Bookmark"),
            "strength": self.tr("Strength"),
            "suggestion": self.tr("Suggestion"),
            "question": self.tr("Question"),
            "note": self.tr("Note"),
        }
        return titles.get(category, category)

    def set_thumbnails(self, images: list[QImage]) -> None:
        """Pictures spread along the track (the trim dialog's filmstrip)."""
        self._thumbnails = list(images)
        self._invalidate()

    def set_range_editable(self, editable: bool) -> None:
        """Let the user drag the in/out handles and set them with I and O."""
        self._range_editable = editable
        if editable and self._in is None:
            self.set_range(0, self._duration)

    def set_range(self, in_ms: int | None, out_ms: int | None) -> None:
        self._in = None if in_ms is None else max(0, min(int(in_ms), self._duration))
        self._out = None if out_ms is None else max(0, min(int(out_ms), self._duration))
        self.update()
        self._update_description()

    # -- geometry -------------------------------------------------------------

    def x_for_ms(self, ms: int) -> int:
        span = max(1, self.width() - 2 * MARGIN)
        if self._duration <= 0:
            return MARGIN
        return MARGIN + round(min(max(ms, 0), self._duration) * span / self._duration)

    def ms_for_x(self, x: int) -> int:
        span = max(1, self.width() - 2 * MARGIN)
        fraction = min(max((x - MARGIN) / span, 0.0), 1.0)
        return round(fraction * self._duration)

    def markers_near(self, x: int) -> list[Marker]:
        lo = bisect.bisect_left(self._marker_x, x - HIT)
        hi = bisect.bisect_right(self._marker_x, x + HIT)
        return self._markers[lo:hi]

    def _track_rect(self) -> QRect:
        return QRect(MARGIN, LANE + 2, max(1, self.width() - 2 * MARGIN), self.height() - LANE - 4)

    def _playhead_rect(self, x: int) -> QRect:
        return QRect(x - 6, 0, 13, self.height())

    def _relayout(self) -> None:
        self._marker_x = [self.x_for_ms(ms) for ms in self._marker_ms]
        self._invalidate()
        self._update_description()

    def _invalidate(self) -> None:
        self._layer = None
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 72 if self._thumbnails else 40)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._relayout()
        super().resizeEvent(event)

    # -- painting -------------------------------------------------------------

    def _static_layer(self) -> QPixmap:
        """Background, track, thumbnails and marker ticks; rebuilt only when they change."""
        if self._layer is not None:
            return self._layer
        ratio = self.devicePixelRatioF()
        layer = QPixmap(self.size() * ratio)
        layer.setDevicePixelRatio(ratio)
        layer.fill(self.palette().color(QPalette.ColorRole.Window))
        painter = QPainter(layer)
        track = self._track_rect()
        painter.fillRect(track, self.palette().color(QPalette.ColorRole.Base))
        self._paint_thumbnails(painter, track)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(track.adjusted(0, 0, -1, -1))
        painter.setPen(Qt.PenStyle.NoPen)
        # One batch per category; markers on the same pixel are drawn once.
        ticks: dict[str, set[int]] = {}
        for marker, x in zip(self._markers, self._marker_x, strict=True):
            ticks.setdefault(marker.category, set()).add(x)
        for category, xs in ticks.items():
            painter.setBrush(self.colour_for(category))
            painter.drawRects([QRect(x - 1, 0, 3, LANE) for x in xs])
        painter.end()
        self._layer = layer
        return layer

    def _paint_thumbnails(self, painter: QPainter, track: QRect) -> None:
        """Whole pictures side by side, each the one nearest in time to where it sits."""
        if not self._thumbnails or self._thumbnails[0].isNull():
            return
        first = self._thumbnails[0]
        cell_width = max(8, round(track.height() * first.width() / max(1, first.height())))
        count = len(self._thumbnails)
        painter.save()
        painter.setClipRect(track)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for left in range(track.left(), track.right() + 1, cell_width):
            middle = (left - track.left() + cell_width / 2) / track.width()
            image = self._thumbnails[min(count - 1, int(middle * count))]
            painter.drawImage(QRect(left, track.top(), cell_width, track.height()), image)
        painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:
        dirty = event.rect()
        layer = self._static_layer()
        painter = QPainter(self)
        ratio = layer.devicePixelRatio()
        source = QRect(
            round(dirty.x() * ratio),
            round(dirty.y() * ratio),
            round(dirty.width() * ratio),
            round(dirty.height() * ratio),
        )
        painter.drawPixmap(dirty, layer, source)
        track = self._track_rect()
        x = self.x_for_ms(self._position)
        if not self._thumbnails and x > track.left():
            played = QRect(track.left() + 1, track.top() + 1, x - track.left() - 1, 0)
            played.setBottom(track.bottom() - 1)
            painter.fillRect(played.intersected(dirty), QColor(208, 2, 27, 40))
        if self._in is not None or self._out is not None:
            self._paint_range(painter, track)
        if dirty.intersects(self._playhead_rect(x)):
            head = QColor("#d0021b")
            painter.fillRect(QRect(x - 1, 0, 2, self.height()), head)
            painter.setBrush(head)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPolygon(QPolygon([QPoint(x - 5, 0), QPoint(x + 5, 0), QPoint(x, 6)]))
        if self.hasFocus():
            painter.setPen(self.palette().color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def _paint_range(self, painter: QPainter, track: QRect) -> None:
        shade = QColor(0, 0, 0, 110)
        in_x = self.x_for_ms(self._in if self._in is not None else 0)
        out_x = self.x_for_ms(self._out if self._out is not None else self._duration)
        top, height = track.top(), track.height()
        painter.fillRect(QRect(track.left(), top, in_x - track.left(), height), shade)
        painter.fillRect(QRect(out_x, top, track.right() - out_x + 1, height), shade)
        handle = QColor("#f0a202")
        for x, inward in ((in_x, 1), (out_x, -1)):
            painter.fillRect(QRect(x - 2, track.top(), 4, track.height()), handle)
            foot = QRect(x if inward > 0 else x - 6, track.bottom() - 3, 7, 4)
            painter.fillRect(foot, handle)
            painter.fillRect(QRect(foot.x(), track.top(), 7, 4), handle)

    # -- interaction ------------------------------------------------------------

    def _seek(self, ms: int) -> None:
        ms = max(0, min(int(ms), self._duration))
        self.set_position(ms)
        self.seekRequested.emit(ms)

    def _move_handle(self, which: str, ms: int) -> None:
        ms = max(0, min(int(ms), self._duration))
        if which == "in":
            ms = min(ms, (self._out if self._out is not None else self._duration) - 1)
            self._in = max(0, ms)
            self.inPointChanged.emit(self._in)
        else:
            ms = max(ms, (self._in or 0) + 1)
            self._out = min(ms, self._duration)
            self.outPointChanged.emit(self._out)
        self.update()
        self._update_description()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._duration <= 0:
            return super().mousePressEvent(event)
        x = round(event.position().x())
        self._drag = "playhead"
        if self._range_editable:
            for which, point in (("in", self._in), ("out", self._out)):
                if point is not None and abs(self.x_for_ms(point) - x) <= HIT:
                    self._drag = which
                    return
        self._seek(self.ms_for_x(x))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return super().mouseMoveEvent(event)
        ms = self.ms_for_x(round(event.position().x()))
        if self._drag == "playhead":
            self._seek(ms)
        else:
            self._move_handle(self._drag, ms)
            moved = self._in if self._drag == "in" else self._out
            if moved is not None:  # always: the handle was just placed
                self._seek(moved)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            sign = -1 if key == Qt.Key.Key_Left else 1
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self._seek(self._position + sign * self.step_ms * (10 if shift else 1))
        elif key == Qt.Key.Key_Home:
            self._seek(0)
        elif key == Qt.Key.Key_End:
            self._seek(self._duration)
        elif key == Qt.Key.Key_BracketLeft:
            index = bisect.bisect_left(self._marker_ms, self._position) - 1
            if index >= 0:
                self._seek(self._marker_ms[index])
        elif key == Qt.Key.Key_BracketRight:
            index = bisect.bisect_right(self._marker_ms, self._position)
            if index < len(self._marker_ms):
                self._seek(self._marker_ms[index])
        elif self._range_editable and key in (Qt.Key.Key_I, Qt.Key.Key_O):
            self._move_handle("in" if key == Qt.Key.Key_I else "out", self._position)
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos().x())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, x: int) -> str:
        near = self.markers_near(x)
        lines = [
            self.tr("{time} · {category}: {label}").format(
                time=format_ms(m.ms, fraction=True),
                category=self.category_title(m.category),
                label=m.label or self.tr("(no label)"),
            )
            for m in near[:5]
        ]
        if len(near) > 5:
            lines.append(self.tr("and {count} more").format(count=len(near) - 5))
        return "\n".join(lines)

    def _update_description(self) -> None:
        text = self.tr("Position {position} of {duration}; {count} markers").format(
            position=format_ms(self._position),
            duration=format_ms(self._duration),
            count=len(self._markers),
        )
        if self._in is not None and self._out is not None:
            text += self.tr("; keeping {start} to {end}").format(
                start=format_ms(self._in, fraction=True), end=format_ms(self._out, fraction=True)
            )
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

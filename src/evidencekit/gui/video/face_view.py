"""A clip's frame with its face boxes drawn over it; drag on it to box a face by hand.

Boxes are given and returned in the clip's stored pixels; the widget turns the
picture upright (a phone's portrait clip is stored sideways), scales it to fit,
keeping its shape, and maps between the two.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from evidencekit.domain.redaction import Box

HIDDEN = QColor("#d62d20")
KEPT = QColor("#2e8b57")
STRUCK = QColor("#8a8a8a")
_MIN_DRAG = 6  # pixels on screen: anything smaller is a click, not a box


@dataclass(frozen=True)
class ShownBox:
    track_id: int
    box: Box
    colour: QColor
    label: str
    selected: bool = False
    # What the protected copy will cover, margin included; None for faces kept visible.
    covered: Box | None = None


class FaceView(QWidget):
    boxDrawn = Signal(object)  # Box, in stored pixels
    trackClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._rotation = 0  # counter-clockwise degrees, as the clip's display matrix says
        self._boxes: list[ShownBox] = []
        self._press: QPoint | None = None
        self._drag: QPoint | None = None
        self.setMinimumSize(480, 270)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        self.setAccessibleName(self.tr("Frame with face boxes"))

    def set_frame(self, image: QImage, boxes: list[ShownBox]) -> None:
        self._image = image
        self._boxes = boxes
        self.update()

    def set_rotation(self, degrees: int) -> None:
        self._rotation = degrees % 360
        self.update()

    def set_boxes(self, boxes: list[ShownBox]) -> None:
        self._boxes = boxes
        self.update()

    # -- mapping between stored pixels and the widget -------------------------------

    def _shown_size(self) -> tuple[int, int]:
        assert self._image is not None
        w, h = self._image.width(), self._image.height()
        return (h, w) if self._rotation in (90, 270) else (w, h)

    def _to_widget(self) -> QTransform:
        """Stored pixels to widget pixels: turned upright, scaled to fit, centred."""
        if self._image is None or self._image.width() == 0:
            return QTransform()
        w, h = self._image.width(), self._image.height()
        upright = {
            90: QTransform(0, -1, 1, 0, 0, w),
            180: QTransform(-1, 0, 0, -1, w, h),
            270: QTransform(0, 1, -1, 0, h, 0),
        }.get(self._rotation, QTransform())
        sw, sh = self._shown_size()
        scale = min(self.width() / sw, self.height() / sh)
        dx, dy = (self.width() - sw * scale) / 2, (self.height() - sh * scale) / 2
        return upright * QTransform.fromScale(scale, scale) * QTransform.fromTranslate(dx, dy)

    def to_widget(self, box: Box) -> QRectF:
        return self._to_widget().mapRect(QRectF(box.x, box.y, box.w, box.h))

    def to_frame(self, a: QPointF, b: QPointF) -> Box:
        back, _ = self._to_widget().inverted()
        rect = back.mapRect(QRectF(a, b).normalized())
        return Box(rect.x(), rect.y(), rect.width(), rect.height())

    # -- painting and the mouse -------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._image is None:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setTransform(self._to_widget())
        painter.drawImage(QPointF(0, 0), self._image)
        painter.resetTransform()
        for shown in self._boxes:
            if shown.covered is not None:
                veil = QColor(shown.colour)
                veil.setAlpha(70)
                painter.fillRect(self.to_widget(shown.covered), veil)
            pen = QPen(shown.colour, 3 if shown.selected else 2)
            if shown.colour == STRUCK:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            rect = self.to_widget(shown.box)
            painter.drawRect(rect)
            painter.drawText(rect.topLeft() + QPointF(3, -4), shown.label)
        if self._press is not None and self._drag is not None:
            painter.setPen(QPen(QColor("#ffd400"), 2, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(QPointF(self._press), QPointF(self._drag)).normalized())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._image is not None:
            self._press = self._drag = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            self._drag = event.position().toPoint()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        start, end = self._press, event.position().toPoint()
        self._press = self._drag = None
        self.update()
        if abs(end.x() - start.x()) >= _MIN_DRAG and abs(end.y() - start.y()) >= _MIN_DRAG:
            self.boxDrawn.emit(self.to_frame(QPointF(start), QPointF(end)))
            return
        for shown in reversed(self._boxes):
            if self.to_widget(shown.box).contains(QPointF(end)):
                self.trackClicked.emit(shown.track_id)
                return

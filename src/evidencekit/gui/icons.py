"""The app's icons: line drawings in resources/icons/ui/*.svg, drawn in the palette's text
colour (or a status colour) when painted, so they follow View ▸ Theme without reloading."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QToolBar, QWidget

from evidencekit.domain.catalog import SlotKind
from evidencekit.gui.theme import colour

#: Each requirement kind's icon (the checklist's rows, the requirement card).
SLOT_ICONS = {
    SlotKind.VIDEO: "slot-video",
    SlotKind.ESSAY: "slot-essay",
    SlotKind.SHORT_ANSWER: "slot-short-answer",
    SlotKind.ARTIFACT: "slot-artifact",
    SlotKind.ATTESTATION: "slot-attestation",
}
#: A status drawn in its own colour, so it is told by shape as well as by colour.
STATUS_ICONS = {"met": "status-met", "not_yet": "status-not-yet", "problem": "status-problem"}


@cache
def _drawing(name: str) -> bytes:
    return files("evidencekit.resources").joinpath("icons", "ui", f"{name}.svg").read_bytes()


class _LineIcon(QIconEngine):
    """Renders the drawing at whatever size and scale is asked, in the current colours."""

    def __init__(self, name: str, tone: str | None) -> None:
        super().__init__()
        self._name = name
        self._tone = tone
        self._drawn: dict[tuple[int, int, float, str], QPixmap] = {}

    def _ink(self, mode: QIcon.Mode) -> str:
        palette = QGuiApplication.palette()
        if mode == QIcon.Mode.Disabled:
            group = QPalette.ColorGroup.Disabled
            return palette.color(group, QPalette.ColorRole.WindowText).name()
        if mode == QIcon.Mode.Selected:  # on the highlight, as the selected row's text
            return palette.color(QPalette.ColorRole.HighlightedText).name()
        if self._tone is not None:
            return colour(self._tone, palette).name()
        return palette.color(QPalette.ColorRole.WindowText).name()

    def _render(self, size: QSize, mode: QIcon.Mode, scale: float) -> QPixmap:
        ink = self._ink(mode)
        key = (size.width(), size.height(), scale, ink)
        if key not in self._drawn:
            svg = _drawing(self._name).replace(b"currentColor", ink.encode())
            pixmap = QPixmap(size * scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            QSvgRenderer(QByteArray(svg)).render(painter, QRectF(pixmap.rect()))
            painter.end()
            pixmap.setDevicePixelRatio(scale)
            self._drawn[key] = pixmap
        return self._drawn[key]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self._render(rect.size(), mode, scale))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._render(size, mode, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return self._render(size, mode, scale)

    def clone(self) -> QIconEngine:
        return _LineIcon(self._name, self._tone)

    def key(self) -> str:
        return "evidencekit-line"


def icon(name: str, tone: str | None = None) -> QIcon:
    """``name`` is a file in resources/icons/ui without .svg; ``tone`` a status colour."""
    _drawing(name)  # a missing drawing fails here, not silently at paint time
    return QIcon(_LineIcon(name, tone))


@cache  # one icon per kind and status: checklist rows share them
def slot_icon(kind: SlotKind) -> QIcon:
    return icon(SLOT_ICONS[kind])


@cache
def status_icon(status: str) -> QIcon:
    return icon(STATUS_ICONS[status], tone=status)


class IconView(QWidget):
    """A picture beside a title (not a control): painted from the icon on every paint, so
    it follows View ▸ Theme like the buttons do."""

    def __init__(self, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon = QIcon()
        self.setFixedSize(side, side)

    @property
    def icon(self) -> QIcon:
        return self._icon

    def set_icon(self, shown: QIcon) -> None:
        self._icon = shown
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._icon.paint(painter, self.rect())
        painter.end()


def give_icons(icons: dict[QAbstractButton, str]) -> None:
    for button, name in icons.items():
        button.setIcon(icon(name))


def dress_toolbar(toolbar: QToolBar, icons: dict[QAction, str]) -> None:
    """Icons for a toolbar's actions, with their words beside them: a teacher reads the
    word; the picture helps her find it again."""
    for action, name in icons.items():
        action.setIcon(icon(name))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

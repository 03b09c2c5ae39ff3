"""Placing a window on its screen and ordering Tab through a pane."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def fit_on_screen(window: QWidget) -> None:
    """Shrink and move the window into the screen's free area (a 200 % scale leaves a
    1920×1080 screen 960×540 wide, smaller than the window's usual size)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.geometry().size()
    width = min(window.width(), room.width() - frame.width())
    height = min(window.height(), room.height() - frame.height())
    window.resize(max(width, 1), max(height, 1))
    left = min(max(window.x(), room.left()), room.right() - window.frameGeometry().width() + 1)
    top = min(max(window.y(), room.top()), room.bottom() - window.frameGeometry().height() + 1)
    window.move(max(left, room.left()), max(top, room.top()))


def tab_through(before: QWidget, pane: QWidget, after: QWidget) -> None:
    """Make Tab go from ``before`` through ``pane``'s controls (in the order they were
    made) to ``after``. Only the pane's own widgets are looked at: walking the window's
    whole focus chain would make PySide build a Python type for every kind of widget in
    it, which cost a tenth of the start-up."""
    inside = [
        widget
        for widget in pane.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    chain = [before, *inside, after]
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)

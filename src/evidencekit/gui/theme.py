"""Colours that read well on the system's light or dark palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

_LIGHT = {"met": "#2e7d32", "not_yet": "#8a6100", "problem": "#c62828", "link": "#1565c0"}
_DARK = {"met": "#81c784", "not_yet": "#ffd54f", "problem": "#ef9a9a", "link": "#90caf9"}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colour(name: str, palette: QPalette | None = None) -> QColor:
    """``name`` is a slot status (met, not_yet, problem) or 'link'."""
    return QColor((_DARK if is_dark(palette) else _LIGHT)[name])

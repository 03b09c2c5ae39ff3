"""Finding a menu item the way a person reads the menu bar: View ▸ Theme ▸ Dark."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow


def menu_action(window: QMainWindow, *path: str) -> QAction:
    """The action at ``path`` of menu titles without their '&' (the last may be a submenu)."""
    actions = window.menuBar().actions()
    found: QAction | None = None
    for title in path:
        [found] = [a for a in actions if a.text().replace("&", "") == title]
        menu = found.menu()
        actions = menu.actions() if menu is not None else []
    assert found is not None
    return found

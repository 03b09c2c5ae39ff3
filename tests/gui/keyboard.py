"""What a keyboard user can reach: Alt+letter mnemonics on screen, and the Tab chain."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QMainWindow,
    QTabBar,
    QWidget,
)

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(window: QMainWindow) -> dict[str, list[str]]:
    """Every Alt+letter on screen now (menus, tabs, buttons, labels with a buddy)."""
    owners: dict[str, list[str]] = defaultdict(list)

    def note(text: str) -> None:
        letter = mnemonic(text)
        if letter:
            owners[letter].append(text.replace("&", ""))

    for action in window.menuBar().actions():
        if action.isVisible():
            note(action.text())
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            for index in range(bar.count()):
                note(bar.tabText(index))
    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            note(button.text())
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            note(label.text())
    return dict(owners)


def clashes(window: QMainWindow) -> dict[str, list[str]]:
    return {k: v for k, v in visible_mnemonics(window).items() if len(v) > 1}


def focus_chain(start: QWidget, steps: int) -> list[QWidget]:
    """The widgets Tab visits from ``start`` (Qt's own order, as a Tab press follows it)."""
    chain, widget = [], start
    for _ in range(steps):
        widget = widget.nextInFocusChain()
        chain.append(widget)
    return chain


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible widgets that take focus but that a screen reader would announce without a name."""
    from PySide6.QtGui import QAccessible

    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} in "
                f"{type(widget.parentWidget()).__name__}"
            )
    return missing

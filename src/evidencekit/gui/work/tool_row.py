"""A row of tool buttons that wraps onto a second line instead of hiding buttons in an
overflow menu (QToolBar's way), so every button stays visible in a narrow pane."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QActionEvent
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QToolButton, QWidget

SPACING = 4
GAP = 10  # between groups, where a toolbar would draw a separator


class FlowLayout(QLayout):
    """Items left to right, wrapping when the width runs out; a group break adds a gap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gaps: set[int] = set()  # indices of items preceded by a group gap
        self.setContentsMargins(0, 0, 0, 0)

    def break_group(self) -> None:
        self._gaps.add(len(self._items))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for index, item in enumerate(self._items):
            hint = item.sizeHint()
            gap = GAP if index in self._gaps and x > rect.x() else SPACING if x > rect.x() else 0
            if x + gap + hint.width() > rect.right() + 1 and x > rect.x():
                x, y, line, gap = rect.x(), y + line + SPACING, 0, 0
            if move:
                item.setGeometry(QRect(QPoint(x + gap, y), hint))
            x += gap + hint.width()
            line = max(line, hint.height())
        return y + line - rect.y()


class ToolRow(QWidget):
    """Tool buttons for actions, wrapping as needed; ``add`` keeps QToolBar's spelling."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._flow = FlowLayout(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def actionEvent(self, event: QActionEvent) -> None:
        """A button for every action added, by any of addAction's overloads (as QToolBar)."""
        super().actionEvent(event)
        action = event.action()
        if event.type() != QEvent.Type.ActionAdded or action is None:
            return
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # as in QToolBar: keys have shortcuts
        button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        self._flow.addWidget(button)

    def addSeparator(self) -> None:
        self._flow.break_group()

    def widgetForAction(self, action: QAction) -> QToolButton | None:
        for button in self.findChildren(QToolButton):
            if button.defaultAction() is action:
                return button
        return None

    def buttons(self) -> list[QToolButton]:
        return self.findChildren(QToolButton)

"""Tabs built the first time they are shown or asked for.

The window opens on its Work tab; the other views (and the services and key
libraries behind them) cost start-up time the teacher would not see. Each stays an
empty page until it is first shown, or until code asks for it by name; then the
view is built and takes its page's place, under the same title.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTabs(QObject):
    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._pending: dict[str, tuple[QWidget, Callable[[], QWidget]]] = {}
        self._built: dict[str, QWidget] = {}
        # Connected before any other slot, so those find the view already in place.
        tabs.currentChanged.connect(self._shown)

    def add(self, name: str, title: str, build: Callable[[], QWidget]) -> None:
        page = QWidget(self._tabs)
        self._tabs.addTab(page, title)
        self._pending[name] = (page, build)

    def view(self, name: str) -> QWidget:
        """The view, built now if it was not yet."""
        if name not in self._built:
            page, build = self._pending.pop(name)
            view = build()
            index = self._tabs.indexOf(page)
            current = self._tabs.currentIndex()
            blocked = self._tabs.blockSignals(True)  # the same tab stays current
            self._tabs.insertTab(index, view, self._tabs.tabText(index))
            self._tabs.removeTab(index + 1)
            self._tabs.setCurrentIndex(current)
            self._tabs.blockSignals(blocked)
            page.deleteLater()
            self._built[name] = view
        return self._built[name]

    def built(self, name: str) -> QWidget | None:
        return self._built.get(name)

    def _shown(self, index: int) -> None:
        page = self._tabs.widget(index)
        for name, (pending, _build) in list(self._pending.items()):
            if pending is page:
                self.view(name)

"""The comment list: a table model over a review's comments, and its filter."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from evidencekit.domain.review import Comment, MarkerCategory
from evidencekit.domain.text import format_duration

Index = QModelIndex | QPersistentModelIndex


class CommentTableModel(QAbstractTableModel):
    """Rows are comments in review order; ``CommentRole`` gives the Comment itself."""

    CommentRole = Qt.ItemDataRole.UserRole + 1
    CategoryRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = (
            self.tr("When"),
            self.tr("Category"),
            self.tr("Comment"),
            self.tr("Replies"),
        )
        self._comments: list[Comment] = []
        self._replies: dict[int, list[tuple[str, str]]] = {}
        self._markers: dict[str, MarkerCategory] = {}
        self.search_keys: list[tuple[str, str]] = []

    def set_comments(
        self,
        comments: list[Comment],
        markers: tuple[MarkerCategory, ...],
        replies: dict[int, list[tuple[str, str]]] | None = None,
    ) -> None:
        """``replies``: (author, text) pairs by row, the teacher's answers to a comment."""
        self.beginResetModel()
        self._comments = list(comments)
        self._replies = dict(replies or {})
        self._markers = {m.id: m for m in markers}
        # What the filter compares, computed once: asking data() per row is slow.
        self.search_keys = [(c.category, c.text.casefold()) for c in self._comments]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._comments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._comments):
            return None
        comment = self._comments[index.row()]
        marker = self._markers.get(comment.category)
        if role == self.CommentRole:
            return comment
        if role == self.CategoryRole:
            return comment.category
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                if comment.at_s is not None:
                    return format_duration(comment.at_s)
                return self.tr("text")
            if column == 1:
                return marker.label if marker else comment.category
            if column == 3:
                return self._replies_text(index.row(), " · ")
            return comment.text.replace("\n", " ")
        if role == Qt.ItemDataRole.DecorationRole and column == 1 and marker is not None:
            return QColor(marker.colour)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return comment.text
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return self._replies_text(index.row(), "\n") or None
        if role == Qt.ItemDataRole.UserRole and column == 0:
            return -1.0 if comment.at_s is None else comment.at_s  # sorts by time
        return None

    def _replies_text(self, row: int, between: str) -> str:
        return between.join(f"{who}: {text}" for who, text in self._replies.get(row, []))


class CommentFilter(QSortFilterProxyModel):
    """Show the chosen categories (none chosen: all) whose text holds the words typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._categories: set[str] = set()
        self._words = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_categories(self, categories: set[str]) -> None:
        self.beginFilterChange()
        self._categories = set(categories)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_words(self, words: str) -> None:
        self.beginFilterChange()
        self._words = words.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        category, text = cast(CommentTableModel, self.sourceModel()).search_keys[row]
        if self._categories and category not in self._categories:
            return False
        return self._words in text

"""The part every list-of-rows table here shares: counting rows and columns, headers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
_INVALID = QModelIndex()


class RowTableModel(QAbstractTableModel):
    """A flat table over ``_rows`` with one column per entry of ``_headers``.

    Subclasses set ``_headers`` (translated, so after this ``__init__``) and give
    ``data``; they fill ``_rows`` inside a model reset.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._headers: tuple[str, ...] = ()

    def rowCount(self, parent: Index = _INVALID) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _INVALID) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._headers[section] if 0 <= section < len(self._headers) else None

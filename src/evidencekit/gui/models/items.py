"""Thin Qt item models over core data; they hold no state of their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt

from evidencekit.domain.catalog import Catalog, Credential, Unit
from evidencekit.domain.ids import SubmissionId
from evidencekit.domain.progress import Standing
from evidencekit.gui.models.table_model import Index, RowTableModel
from evidencekit.gui.standing_text import attempt_word, describe
from evidencekit.services.submission_list import SubmissionSummary

_INVALID = QModelIndex()


class CatalogModel(QAbstractItemModel):
    """Credentials, each with its units as children."""

    CredentialRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._credentials: tuple[Credential, ...] = ()

    def set_catalog(self, catalog: Catalog) -> None:
        self.beginResetModel()
        self._credentials = catalog.latest()
        self.endResetModel()

    # Internal ids: 0 marks a credential row; n > 0 marks a unit of credential n - 1.
    def index(self, row: int, column: int, parent: Index = _INVALID) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        if parent.internalId() == 0:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, child: Index = _INVALID) -> QModelIndex:  # type: ignore[override]  # QObject's too
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = _INVALID) -> int:
        if not parent.isValid():
            return len(self._credentials)
        if parent.column() == 0 and parent.internalId() == 0:
            return len(self._credentials[parent.row()].units)
        return 0

    def columnCount(self, parent: Index = _INVALID) -> int:
        return 1

    def item(self, index: Index) -> Credential | Unit | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._credentials[index.row()]
        return self._credentials[index.internalId() - 1].units[index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.competency if isinstance(item, Credential) else item.description
        if role == self.CredentialRole:
            return item.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Credentials")
        return None


#: The submission list's Status column: where each one stands.
STATUS_COLUMN = 5


class SubmissionTableModel(RowTableModel):
    """One row per submission with its current attempt."""

    SubmissionIdRole = Qt.ItemDataRole.UserRole + 1
    CredentialIdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SubmissionSummary] = []
        self._standings: dict[SubmissionId, Standing | None] = {}
        self._headers = (
            self.tr("#"),
            self.tr("Title"),
            self.tr("Credential"),
            self.tr("Scope"),
            self.tr("Attempt"),
            self.tr("Status"),
            self.tr("Items"),
        )

    def set_rows(self, rows: list[SubmissionSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_standings(self, standings: Mapping[SubmissionId, Standing | None]) -> None:
        """Where each submission stands, in the words the header and dashboard use."""
        self._standings = dict(standings)

    def show_standing(self, submission_id: SubmissionId, standing: Standing) -> None:
        """One submission's standing changed as she types: only its Status cell is redrawn."""
        if self._standings.get(submission_id) == standing:
            return
        self._standings[submission_id] = standing
        for row, current in enumerate(self._rows):
            if current.submission.id == submission_id:
                cell = self.index(row, STATUS_COLUMN)
                self.dataChanged.emit(cell, cell)

    def ids(self) -> list[int]:
        return [s.submission.id for s in self._rows]

    def update_row(self, summary: SubmissionSummary) -> None:
        """Show fresh figures for one submission without resetting the view's selection."""
        for row, current in enumerate(self._rows):
            if current.submission.id == summary.submission.id:
                self._rows[row] = summary
                last = self.columnCount() - 1
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
                return

    def summary(self, row: int) -> SubmissionSummary:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        s = self._rows[index.row()]
        if role == self.SubmissionIdRole:
            return s.submission.id
        if role == self.CredentialIdRole:
            return s.submission.credential_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 4, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            s.submission.id,
            s.submission.title,
            s.credential_title,
            s.unit_title or self.tr("All units"),
            s.attempt.number,
            self._status(summary=s),
            s.evidence_count,
        )[index.column()]

    def _status(self, summary: SubmissionSummary) -> str:
        standing = self._standings.get(summary.submission.id)
        if standing is None:
            return attempt_word(summary.attempt.status)
        return describe(standing)

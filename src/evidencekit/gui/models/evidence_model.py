"""The evidence list: every item of every submission, filtered by a proxy.

The proxy narrows to one submission and to a search text without touching the
database, so switching submissions and typing in the filter stay instant with
thousands of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from evidencekit.domain.submissions import Artifact, Attestation, Clip, Essay, Evidence
from evidencekit.domain.text import count_words, format_duration, format_megabytes
from evidencekit.gui.models.table_model import Index, RowTableModel


@dataclass(frozen=True)
class EvidenceEntry:
    submission_id: int
    submission_title: str
    slot_title: str
    evidence: Evidence


class EvidenceTableModel(RowTableModel):
    SubmissionIdRole = Qt.ItemDataRole.UserRole + 1
    EvidenceIdRole = Qt.ItemDataRole.UserRole + 2
    SlotIdRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EvidenceEntry] = []
        self._search: list[str] = []  # lower-case text the filter matches against
        # False while the model holds one submission's rows: the whole workspace is
        # only read when the teacher asks to see everything.
        self.holds_everything = False
        self._headers = (self.tr("Item"), self.tr("Kind"), self.tr("Requirement"), self.tr("Size"))
        self._kinds = {
            Clip: self.tr("Clip"),
            Essay: self.tr("Text"),
            Artifact: self.tr("File"),
            Attestation: self.tr("Confirmation"),
        }

    def set_rows(self, rows: list[EvidenceEntry], everything: bool = False) -> None:
        self.holds_everything = everything
        self.beginResetModel()
        self._rows = list(rows)
        self._search = [
            f"{e.evidence.title}\n{getattr(e.evidence, 'file_name', '')}\n{e.slot_title}".lower()
            for e in self._rows
        ]
        self.endResetModel()

    def replace_submission(self, submission_id: int, rows: list[EvidenceEntry]) -> None:
        """Swap one submission's rows for fresh ones, keeping everyone else's."""
        keep = [r for r in self._rows if r.submission_id != submission_id]
        self.set_rows(keep + rows, self.holds_everything)

    def entry(self, row: int) -> EvidenceEntry:
        return self._rows[row]

    def search_text(self, row: int) -> str:
        return self._search[row]

    def submission_of(self, row: int) -> int:
        return self._rows[row].submission_id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        entry = self._rows[index.row()]
        item = entry.evidence
        if role == self.SubmissionIdRole:
            return entry.submission_id
        if role == self.EvidenceIdRole:
            return item.id
        if role == self.SlotIdRole:
            return item.slot_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.submission_title} — {entry.slot_title}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return item.title
        if column == 1:
            return self._kinds[type(item)]
        if column == 2:
            return entry.slot_title
        return self._size(item)

    def _size(self, item: Evidence) -> str:
        match item:
            case Clip():
                return format_duration(item.duration_s)
            case Artifact():
                return format_megabytes(item.size_bytes)
            case Essay():
                return self.tr("%n words", "", count_words(item.text))
            case _:
                return self.tr("Confirmed") if item.confirmed else self.tr("Not confirmed")


class EvidenceFilterProxy(QSortFilterProxyModel):
    """Rows of one submission (or all) whose text contains every word typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._submission: int | None = None
        self._words: tuple[str, ...] = ()

    def set_submission(self, submission_id: int | None) -> None:
        if submission_id != self._submission:
            self.beginFilterChange()
            self._submission = submission_id
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        words = tuple(text.lower().split())
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, EvidenceTableModel):
            return True
        if self._submission is not None and model.submission_of(source_row) != self._submission:
            return False
        if not self._words:
            return True
        haystack = model.search_text(source_row)
        return all(word in haystack for word in self._words)

"""The requirement checklist of one submission: every slot, its status, its findings.

Statuses are updated in place, so the checklist can follow every keystroke and
every drop without losing the teacher's place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from evidencekit.domain.preflight import slot_status
from evidencekit.gui.icons import slot_icon, status_icon
from evidencekit.gui.theme import colour

if TYPE_CHECKING:
    from evidencekit.services.feedback import CriterionFeedback
    from evidencekit.services.submissions import SubmissionDetail

SlotIdRole = Qt.ItemDataRole.UserRole


class ChecklistView(QTreeWidget):
    slotSelected = Signal(str)  # slot id, or "" when a unit or nothing is selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("Requirement"), self.tr("Status"), self.tr("What to do")])
        self.setAccessibleName(self.tr("Requirement checklist"))
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(False)
        self._labels = {
            "met": self.tr("Met"),
            "not_yet": self.tr("Not yet"),
            "problem": self.tr("Problem"),
        }
        self._shape: tuple[object, ...] = ()
        self.currentItemChanged.connect(self._current_changed)

    def show_detail(
        self, detail: SubmissionDetail | None, feedback: Sequence[CriterionFeedback] = ()
    ) -> None:
        """The slots of each unit, then the evaluator's feedback on its criteria, if any."""
        if detail is None:
            self._shape = ()
            self.clear()
            return
        units = detail.credential.units_in_scope(detail.submission.unit_id)
        shape = (detail.submission.id, tuple(s.id for u in units for s in u.slots), *feedback)
        if shape != self._shape:
            self._shape = shape
            self._build(detail, feedback)
        self._update(detail)

    def _build(self, detail: SubmissionDetail, feedback: Sequence[CriterionFeedback]) -> None:
        self.blockSignals(True)
        self.clear()
        for unit in detail.credential.units_in_scope(detail.submission.unit_id):
            unit_item = QTreeWidgetItem(self, [unit.title])
            unit_item.setToolTip(0, unit.description)
            for slot in unit.slots:
                row = QTreeWidgetItem(unit_item, [slot.title])
                row.setData(0, SlotIdRole, slot.id)
                row.setIcon(0, slot_icon(slot.kind))
            unit_item.setExpanded(True)
            notes = [f for f in feedback if f.unit_id == unit.id]
            if notes:
                heading = QTreeWidgetItem(
                    self, [self.tr("Evaluator's feedback: {unit}").format(unit=unit.title)]
                )
                for note in notes:
                    row = QTreeWidgetItem(
                        heading, [note.criterion_title, note.level_label, note.feedback]
                    )
                    row.setToolTip(2, note.feedback)
                heading.setExpanded(True)
        self.blockSignals(False)
        self.resizeColumnToContents(0)

    def _update(self, detail: SubmissionDetail) -> None:
        for unit_item in _children(self.invisibleRootItem()):
            rows = _children(unit_item)
            if rows and rows[0].data(0, SlotIdRole) is None:
                continue  # feedback, not requirements
            unit_met = True
            for row in rows:
                slot_id = row.data(0, SlotIdRole)
                findings = [f for f in detail.findings if f.slot_id == slot_id]
                has_evidence = any(e.slot_id == slot_id for e in detail.evidence)
                status = slot_status(findings, has_evidence)
                unit_met &= status == "met"
                advice = " ".join(f.message for f in findings)
                if row.text(1) != self._labels[status] or row.text(2) != advice:
                    row.setText(1, self._labels[status])
                    row.setForeground(1, QBrush(colour(status)))
                    row.setIcon(1, status_icon(status))
                    row.setText(2, advice)
                    row.setToolTip(2, advice)
            unit_status = "met" if unit_met else "not_yet"
            unit_item.setText(1, self._labels[unit_status])
            unit_item.setForeground(1, QBrush(colour(unit_status)))
            unit_item.setIcon(1, status_icon(unit_status))

    def select_slot(self, slot_id: str) -> None:
        for unit_item in _children(self.invisibleRootItem()):
            for row in _children(unit_item):
                if row.data(0, SlotIdRole) == slot_id:
                    self.setCurrentItem(row)
                    return

    def status_of(self, slot_id: str) -> str:
        for unit_item in _children(self.invisibleRootItem()):
            for row in _children(unit_item):
                if row.data(0, SlotIdRole) == slot_id:
                    return row.text(1)
        return ""

    def _current_changed(self, current: QTreeWidgetItem | None) -> None:
        slot_id = current.data(0, SlotIdRole) if current is not None else None
        self.slotSelected.emit(slot_id or "")


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The rows under ``item`` (Qt types ``child`` as optional; in range it never is None)."""
    return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]

"""The requirement checklist of one submission: every slot, its status, its findings."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from evidencekit.domain.preflight import slot_status
from evidencekit.services.feedback import CriterionFeedback
from evidencekit.services.submissions import SubmissionDetail

_COLOURS = {"met": "#2e7d32", "not_yet": "#8d6e00", "problem": "#c62828"}


class ChecklistView(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("Requirement"), self.tr("Status"), self.tr("What to do")])
        self.setAccessibleName(self.tr("Requirement checklist"))
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self._labels = {
            "met": self.tr("Met"),
            "not_yet": self.tr("Not yet"),
            "problem": self.tr("Problem"),
        }

    def show_detail(
        self, detail: SubmissionDetail | None, feedback: Sequence[CriterionFeedback] = ()
    ) -> None:
        """The slots of each unit, then the evaluator's feedback on its criteria, if any."""
        self.clear()
        if detail is None:
            return
        for unit in detail.credential.units_in_scope(detail.submission.unit_id):
            unit_item = QTreeWidgetItem(self, [unit.title])
            unit_met = True
            for slot in unit.slots:
                findings = [f for f in detail.findings if f.slot_id == slot.id]
                has_evidence = any(e.slot_id == slot.id for e in detail.evidence)
                status = slot_status(findings, has_evidence)
                unit_met &= status == "met"
                advice = " ".join(f.message for f in findings)
                row = QTreeWidgetItem(unit_item, [slot.title, self._labels[status], advice])
                row.setForeground(1, QBrush(QColor(_COLOURS[status])))
                row.setToolTip(2, advice)
                row.setData(0, 0x0100, slot.id)  # Qt.UserRole: the slot id for later actions
            unit_item.setText(1, self._labels["met" if unit_met else "not_yet"])
            unit_item.setExpanded(True)
            notes = [f for f in feedback if f.unit_id == unit.id]
            if notes:
                heading = QTreeWidgetItem(unit_item, [self.tr("Evaluator's feedback")])
                heading.setExpanded(True)
                for note in notes:
                    row = QTreeWidgetItem(
                        heading, [note.criterion_title, note.level_label, note.feedback]
                    )
                    row.setToolTip(2, note.feedback)
        self.resizeColumnToContents(0)

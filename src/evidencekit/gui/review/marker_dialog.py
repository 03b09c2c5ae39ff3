"""Editing the comment categories (the marker set) an evaluator or coach works with."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.review import MarkerCategory, marker_set

NEW_COLOURS = ("#00838f", "#ad1457", "#558b2f", "#4527a0", "#8d6e63")


class MarkerSetDialog(QDialog):
    """A label and a #rrggbb colour per row; ``markers`` holds the result once accepted.

    ``check`` lets the caller refuse a set (a category still in use), in words."""

    def __init__(self, markers: tuple[MarkerCategory, ...], check, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Comment categories"))
        self.markers: tuple[MarkerCategory, ...] | None = None
        self._check = check
        self.table = QTableWidget(0, 2, self)
        self.table.setAccessibleName(self.tr("Categories"))
        self.table.setHorizontalHeaderLabels([self.tr("Label"), self.tr("Colour")])
        self.table.horizontalHeader().setStretchLastSection(True)
        for marker in markers:
            self._add_row(marker.label, marker.colour)
        self.table.itemChanged.connect(self._paint)
        add = QPushButton(self.tr("&Add"), self)
        add.setAccessibleName(self.tr("Add a category"))
        add.clicked.connect(self.add_category)
        remove = QPushButton(self.tr("&Remove"), self)
        remove.setAccessibleName(self.tr("Remove the selected category"))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _add_row(self, label: str, colour: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(label))
        self.table.setItem(row, 1, QTableWidgetItem(colour))
        self._paint(self.table.item(row, 1))

    def _paint(self, item: QTableWidgetItem | None) -> None:
        if item is not None and item.column() == 1 and QColor.isValidColorName(item.text()):
            item.setBackground(QColor(item.text()))
            item.setForeground(QColor("white"))

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        """Every cell holds an item (see _add_row); Qt's types allow None."""
        item = self.table.item(row, column)
        assert item is not None
        return item

    def add_category(self) -> None:
        colour = NEW_COLOURS[self.table.rowCount() % len(NEW_COLOURS)]
        self._add_row(self.tr("New category"), colour)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.editItem(self._cell(self.table.rowCount() - 1, 0))

    def accept(self) -> None:
        rows = [
            (self._cell(r, 0).text(), self._cell(r, 1).text().strip())
            for r in range(self.table.rowCount())
        ]
        try:
            markers = marker_set(rows)
            self._check(markers)
        except EvidenceKitError as problem:
            self.error.setText(problem.message)
            return
        self.markers = markers
        super().accept()

"""Small dialogs: About, and starting a new submission."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from evidencekit import __version__
from evidencekit.domain.catalog import Catalog


def show_about(parent: QWidget, workspace: Path) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(box.tr("About EvidenceKit"))
    box.setText(box.tr("<h3>EvidenceKit {version}</h3>").format(version=__version__))
    box.setInformativeText(
        box.tr(
            "Collect, check and seal the evidence for your micro-credentials, offline.<br><br>"
            "Workspace: {workspace}<br>Qt {qt} · PySide6 {pyside}"
        ).format(workspace=workspace, qt=qVersion(), pyside=PySide6.__version__)
    )
    box.setAccessibleName(box.tr("About EvidenceKit"))
    box.open()
    return box


class NewSubmissionDialog(QDialog):
    """Choose a credential (and optionally one unit) and give the submission a title."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New submission"))
        self._catalog = catalog
        self.credential = QComboBox(self)
        self.credential.setAccessibleName(self.tr("Credential"))
        for credential in catalog.latest():
            self.credential.addItem(credential.title, credential.id)
        self.unit = QComboBox(self)
        self.unit.setAccessibleName(self.tr("Unit"))
        self.title = QLineEdit(self)
        self.title.setAccessibleName(self.tr("Title"))
        self.title.setPlaceholderText(self.tr("e.g. Spring term — Grade 5 math"))
        form = QFormLayout(self)
        form.addRow(self.tr("&Credential:"), self.credential)
        form.addRow(self.tr("&Unit:"), self.unit)
        form.addRow(self.tr("&Title:"), self.title)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form.addRow(buttons)
        self.credential.currentIndexChanged.connect(self._fill_units)
        self.title.textChanged.connect(self._update_ok)
        self._fill_units()
        self._update_ok()

    def select(self, credential_id: str, unit_id: str | None) -> None:
        self.credential.setCurrentIndex(max(0, self.credential.findData(credential_id)))
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit_id)))

    def _fill_units(self) -> None:
        self.unit.clear()
        self.unit.addItem(self.tr("All units"), None)
        credential = self._catalog.get(self.credential.currentData() or "")
        for unit in credential.units if credential else ():
            self.unit.addItem(unit.title, unit.id)

    def _update_ok(self) -> None:
        self._ok.setEnabled(bool(self.title.text().strip()))

    def choice(self) -> tuple[str, str | None, str]:
        return self.credential.currentData(), self.unit.currentData(), self.title.text().strip()

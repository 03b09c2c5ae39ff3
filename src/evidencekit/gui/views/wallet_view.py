"""The Credentials view: the teacher's earned credentials, exported and checked offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.tasks import Reporter
from evidencekit.gui.models.table_model import Index, RowTableModel
from evidencekit.gui.runner import Operation, show_error
from evidencekit.gui.views.pathway_panel import PathwaysPanel
from evidencekit.services.holder import HolderProfile, load_profile, save_profile
from evidencekit.services.wallet import (
    EntryCheck,
    WalletEntry,
    check_entry,
    import_credential_file,
    list_credentials,
)
from evidencekit.services.workspace_state import Changes, WorkspaceState
from evidencekit.storage.workspace import Workspace


class WalletModel(RowTableModel):
    """Wallet entries as rows: credential, issued on, verification code."""

    EntryIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WalletEntry] = []
        self._headers = (self.tr("Credential"), self.tr("Issued"), self.tr("Code"))

    def set_entries(self, entries: list[WalletEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> WalletEntry:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (entry.title, entry.issued[:10], entry.short_code)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Signed by {key}").format(key=entry.issuer)
        if role == self.EntryIdRole:
            return entry.id
        return None


class HolderDialog(QDialog):
    """Your name (printed on certificates) and email (bundles carry only its salted hash)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your details"))
        self.setAccessibleName(self.tr("Your details"))
        profile = load_profile()
        self.name = QLineEdit(profile.name, self)
        self.name.setAccessibleName(self.tr("Your name"))
        self.email = QLineEdit(profile.email, self)
        self.email.setAccessibleName(self.tr("Your email"))
        note = QLabel(
            self.tr(
                "Your name is printed on your certificates. Your email never leaves this "
                "computer: bundles carry only a salted hash of it, which your badges name."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setAccessibleName(self.tr("Save or cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Email:"), self.email)
        form.addRow(note)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            save_profile(HolderProfile(self.name.text(), self.email.text()))
        except EvidenceKitError as exc:
            show_error(self, exc)
            return
        super().accept()


class WalletView(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._state: WorkspaceState | None = None
        self._stale = False
        self.model = WalletModel(self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Earned credentials"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(
            self.tr("No credentials yet: they arrive with an evaluator's “earned” review."), self
        )
        self.empty.setAccessibleName(self.tr("Wallet status"))

        def button(text: str, name: str, slot: Any) -> QPushButton:
            made = QPushButton(text, self)
            made.setAccessibleName(name)
            made.clicked.connect(slot)
            return made

        self.png_button = button(
            self.tr("Badge &PNG…"), self.tr("Export the badge as PNG"), lambda: self.export(".png")
        )
        self.svg_button = button(
            self.tr("Badge &SVG…"), self.tr("Export the badge as SVG"), lambda: self.export(".svg")
        )
        self.json_button = button(
            self.tr("&JSON…"),
            self.tr("Export the credential as JSON"),
            lambda: self.export(".json"),
        )
        self.pdf_button = button(
            self.tr("&Certificate PDF…"),
            self.tr("Export the certificate as PDF"),
            lambda: self.export(".pdf"),
        )
        self.paper = QComboBox(self)
        self.paper.addItem(self.tr("A4"), "a4")
        self.paper.addItem(self.tr("Letter"), "letter")
        self.paper.setAccessibleName(self.tr("Certificate paper size"))
        self.paper.view().setAccessibleName(self.tr("Paper sizes"))
        self.check_button = button(
            self.tr("Chec&k"), self.tr("Check the credential offline"), self.check
        )
        self.details_button = button(
            self.tr("&Your details…"), self.tr("Your name and email"), self.edit_details
        )
        self.import_button = button(
            self.tr("&Import credential…"),
            self.tr("Import a credential you were sent"),
            self.import_credential,
        )
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setAccessibleName(self.tr("Check result"))
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        actions = QHBoxLayout()
        for widget in (self.png_button, self.svg_button, self.json_button, self.pdf_button):
            actions.addWidget(widget)
        actions.addWidget(self.paper)
        actions.addStretch(1)
        actions.addWidget(self.check_button)
        actions.addWidget(self.details_button)
        self.pathways = PathwaysPanel(self)
        # Import sits above the table, not in the export row, which sets the window's minimum width.
        top = QHBoxLayout()
        top.addWidget(self.empty)
        top.addStretch(1)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.result)
        layout.addWidget(self.pathways)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.reload()

    def follow(self, state: WorkspaceState) -> None:
        """Read again after a change that can bring a credential (a review taken in,
        another workspace): at once when on screen, else when next shown."""
        self._state = state
        state.subscribe(self._state_changed)

    def _state_changed(self, changes: Changes) -> None:
        if self._state is None or not (changes.reviews or changes.submissions):
            return
        self.workspace = self._state.workspace
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        chosen = self.selected()
        self.model.set_entries(list_credentials(self.workspace))
        self.empty.setVisible(self.model.rowCount() == 0)
        for row in range(self.model.rowCount()):
            if chosen is not None and self.model.entry(row).id == chosen.id:
                self.table.selectRow(row)
        self._selection_changed()
        self.pathways.reload(self.workspace)

    def selected(self) -> WalletEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        for widget in (
            self.png_button,
            self.svg_button,
            self.json_button,
            self.pdf_button,
            self.check_button,
        ):
            widget.setEnabled(chosen)
        self.result.clear()

    def export(self, suffix: str, target: Path | None = None) -> Operation | None:
        entry = self.selected()
        if entry is None:
            return None
        if target is None:
            suggested = "".join(c if c.isalnum() else "-" for c in entry.title).strip("-")
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the credential"),
                str(Path.home() / f"{suggested}{suffix}"),
                f"*{suffix}",
            )
            if not chosen:
                return None
            target = Path(chosen)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        paper = self.paper.currentData()
        workspace, entry_id = self.workspace, entry.id

        def work(_reporter: Reporter) -> Path:
            # Badges and certificates need ReportLab and Pillow: loaded on the first
            # export, on the worker thread, instead of at every start of the app.
            from evidencekit.services.wallet_export import export_credential

            return export_credential(workspace, entry_id, target, paper)

        def done(written: Path) -> None:
            self.result.setText(self.tr("Saved {file}.").format(file=written))

        return Operation(self, self.tr("Exporting the credential"), work, done)

    def check(self) -> Operation | None:
        entry = self.selected()
        if entry is None:
            return None
        workspace, entry_id = self.workspace, entry.id

        def done(outcome: EntryCheck) -> None:
            mark = "✔" if outcome.ok else "✘"
            self.result.setText(f"{mark} {outcome.message}")
            self.result.setProperty("ok", outcome.ok)

        return Operation(
            self,
            self.tr("Checking the credential"),
            lambda _reporter: check_entry(workspace, entry_id),
            done,
        )

    def import_credential(self) -> Operation | None:
        """A credential sent on its own, such as a pathway's, as JSON or a baked badge."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a credential"),
            str(Path.home()),
            self.tr("Credentials (*.json *.png *.svg)"),
        )
        if not chosen:
            return None
        workspace, source = self.workspace, Path(chosen)

        def done(entry: WalletEntry) -> None:
            self.reload()
            self.result.setText(
                self.tr("Added “{title}” to your wallet.").format(title=entry.title)
            )

        return Operation(
            self,
            self.tr("Importing the credential"),
            lambda _reporter: import_credential_file(workspace, source),
            done,
        )

    def edit_details(self) -> HolderDialog:
        dialog = HolderDialog(self)
        dialog.open()
        return dialog

"""The Credentials view's pathways: how far each one is, and asking for its credential."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.runner import Operation
from evidencekit.services.wallet import PathwayProgress, pathway_progress, save_pathway_request
from evidencekit.storage.workspace import Workspace

# The CLI's documented example writes the request as JSON, and so does the app.
REQUEST_SUFFIX = ".json"


class PathwaysPanel(QGroupBox):
    """A line per catalog pathway, with the button that asks for its credential once complete."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Pathways"), parent)
        self.setAccessibleName(self.tr("Pathways"))
        self.workspace: Workspace | None = None
        self.rows: dict[str, tuple[QLabel, QPushButton]] = {}
        self._grid_host = QWidget(self)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setAccessibleName(self.tr("Pathway request result"))
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self._grid_host)
        self._layout.addWidget(self.result)

    def reload(self, workspace: Workspace) -> None:
        self.workspace = workspace
        progress = pathway_progress(workspace)
        self.setVisible(bool(progress))
        # Rebuilt rather than updated: the catalog may have gained or lost pathways.
        self._layout.removeWidget(self._grid_host)
        self._grid_host.deleteLater()
        self._grid_host = QWidget(self)
        grid = QGridLayout(self._grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        self.rows = {}
        for row, item in enumerate(progress):
            label = QLabel(self.describe(item), self._grid_host)
            label.setWordWrap(True)
            label.setAccessibleName(self.tr("Progress on {title}").format(title=item.title))
            button = QPushButton(self.tr("Request pathway credential…"), self._grid_host)
            button.setAccessibleName(
                self.tr("Request the “{title}” pathway credential").format(title=item.title)
            )
            button.setEnabled(item.complete and not item.earned)
            button.setVisible(not item.earned)
            button.setToolTip(
                self.tr("Ask an evaluator for it with a request signed by you.")
                if item.complete
                else self.tr("Still missing: {names}").format(names=", ".join(item.missing_titles))
            )
            button.clicked.connect(lambda _=False, p=item: self.request(p))
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1)
            self.rows[item.pathway_id] = (label, button)
        self._layout.insertWidget(0, self._grid_host)

    def describe(self, item: PathwayProgress) -> str:
        held = item.total - len(item.missing)
        if item.earned:
            return self.tr("{title}: earned — it is in your wallet.").format(title=item.title)
        if item.complete:
            return self.tr("{title}: all {total} credentials — ready to request.").format(
                title=item.title, total=item.total
            )
        return self.tr("{title}: {held} of {total} credentials — still missing: {names}").format(
            title=item.title, held=held, total=item.total, names=", ".join(item.missing_titles)
        )

    def request(self, item: PathwayProgress) -> Operation | None:
        if self.workspace is None:
            return None
        dialog = SignerDialog(
            self.tr("Request “{title}”").format(title=item.title),
            self.tr(
                "Sign with the identity your credentials were awarded to: the evaluator "
                "checks that they are yours."
            ),
            self,
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        key = dialog.signer
        dialog.deleteLater()  # one per request; not kept as a child of the panel
        if not accepted or key is None:
            return None
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the pathway request"),
            str(Path.home() / f"{item.pathway_id}-request{REQUEST_SUFFIX}"),
            self.tr("Pathway requests (*{suffix})").format(suffix=REQUEST_SUFFIX),
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != REQUEST_SUFFIX:
            target = target.with_name(target.name + REQUEST_SUFFIX)
        workspace, pathway_id = self.workspace, item.pathway_id

        def done(written: Path) -> None:
            self.result.setText(
                self.tr(
                    "Saved your request for “{title}” as {file}. Send this file to your "
                    "evaluator; import the credential they send back with Import credential…"
                ).format(title=item.title, file=written)
            )

        return Operation(
            self,
            self.tr("Writing the pathway request"),
            lambda _reporter: save_pathway_request(workspace, pathway_id, key, target),
            done,
        )

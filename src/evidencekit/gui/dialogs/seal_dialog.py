"""Sealing a submission into a bundle from the GUI: where, whose key, encrypted for whom."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from evidencekit.bundle.encryption.age_files import AGE_SUFFIX, parse_recipient
from evidencekit.bundle.packer import PackResult
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.gui.dialogs.identity_picker import IdentityPicker
from evidencekit.gui.runner import Operation
from evidencekit.services.packing import pack_submission
from evidencekit.storage.workspace import Workspace


def default_bundle_name(title: str, attempt: int, draft: bool = False) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "submission"
    return f"{stem}-attempt-{attempt}{'-draft' if draft else ''}.evkit"


class SealDialog(QDialog):
    """Collects what sealing needs; ``accept`` only once the key has really loaded.

    With ``draft`` it packs a draft for coaching instead: no encryption or blind review,
    and it says what the coach gets."""

    def __init__(
        self,
        title: str,
        attempt: int,
        folder: Path,
        parent: QWidget | None = None,
        draft: bool = False,
    ):
        super().__init__(parent)
        self.draft = draft
        self.setWindowTitle(
            self.tr("Ask a coach for feedback on “{title}”").format(title=title)
            if draft
            else self.tr("Seal “{title}”").format(title=title)
        )
        self.signer: Ed25519PrivateKey | None = None
        self.target = QLineEdit(str(folder / default_bundle_name(title, attempt, draft)), self)
        self.target.setAccessibleName(self.tr("Bundle file"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setAccessibleName(self.tr("Choose where to save the bundle"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.target)
        where.addWidget(browse)
        self.identity = IdentityPicker(self)
        self.encrypt = QCheckBox(self.tr("&Encrypt it for my evaluator"), self)
        self.encrypt.setToolTip(
            self.tr("Recommended when the bundle travels by e-mail or a shared drive.")
        )
        self.recipient = QLineEdit(self)
        self.recipient.setAccessibleName(self.tr("Evaluator's encryption key"))
        self.recipient.setPlaceholderText(self.tr("age1… (your evaluator gives you this)"))
        self.recipient.setEnabled(False)
        self.encrypt.toggled.connect(self.recipient.setEnabled)
        self.encrypt.toggled.connect(self._sync_suffix)
        self.blind = QCheckBox(self.tr("&Blind review: the evaluator sees a code, not my title"))
        self.blind.setAccessibleName(self.tr("Blind review"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.setStyleSheet("color: palette(bright-text); background: #b3261e; padding: 4px;")
        self.error.hide()

        form = QFormLayout(self)
        save_as = QLabel(self.tr("&Save as:"), self)
        save_as.setBuddy(self.target)  # a label with a buddy shows its mnemonic, not an '&'
        form.addRow(save_as, where)
        form.addRow(self.tr("Sign with:"), self.identity)
        form.addRow(self.encrypt)
        form.addRow(self.tr("Evaluator's &key:"), self.recipient)
        form.addRow(self.blind)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("&Pack the draft") if draft else self.tr("&Seal")
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if draft:
            for field in (self.encrypt, self.recipient, self.blind):
                form.setRowVisible(field, False)
            note = QLabel(
                self.tr(
                    "Your coach gets the submission as it is now, signed by you and marked "
                    "“draft for coaching”, with what is still missing listed. "
                    "It cannot be scored."
                ),
                self,
            )
            note.setWordWrap(True)
            form.insertRow(0, note)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the bundle as"), self.target.text(), self.tr("Bundles (*.evkit)")
        )
        if chosen:
            self.target.setText(chosen)
            self._sync_suffix(self.encrypt.isChecked())

    def _sync_suffix(self, encrypted: bool) -> None:
        text = self.target.text().removesuffix(AGE_SUFFIX)
        self.target.setText(text + AGE_SUFFIX if encrypted else text)

    def recipients(self) -> list[str]:
        return [self.recipient.text().strip()] if self.encrypt.isChecked() else []

    def bundle_path(self) -> Path:
        return Path(self.target.text()).expanduser()

    def accept(self) -> None:
        try:
            for text in self.recipients():
                parse_recipient(text)
            if not self.bundle_path().parent.is_dir():
                raise EvidenceKitError(
                    self.tr("The folder {folder} does not exist.").format(
                        folder=self.bundle_path().parent
                    )
                )
            self.signer = self.identity.key()
        except EvidenceKitError as problem:
            self.error.setText(problem.message)
            self.error.show()
            return
        except OSError as problem:  # unreadable key file: said here, never only on stderr
            self.error.setText(
                self.tr("The key file could not be read: {reason}.").format(
                    reason=problem.strerror or problem
                )
            )
            self.error.show()
            return
        super().accept()


def seal_submission(
    parent: QWidget,
    workspace: Workspace,
    submission_id: int,
    dialog: SealDialog,
    on_sealed: Callable[[PackResult], None],
) -> Operation:
    """Pack on the thread pool with progress and Cancel; errors are shown in words."""
    assert dialog.signer is not None
    signer, target, recipients = dialog.signer, dialog.bundle_path(), dialog.recipients()
    blind, draft = dialog.blind.isChecked(), dialog.draft
    overwrite = target.exists()  # the save dialog already asked the user about replacing it
    return Operation(
        parent,
        parent.tr("Packing the draft") if draft else parent.tr("Sealing the bundle"),
        lambda reporter: pack_submission(
            workspace,
            submission_id,
            target,
            signer,
            encrypt_to=recipients,
            blind=blind,
            overwrite=overwrite,
            draft=draft,
            reporter=reporter,
        ),
        on_sealed,
    )

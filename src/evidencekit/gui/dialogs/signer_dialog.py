"""Choosing the identity that signs something: a request, a review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.gui.dialogs.identity_picker import IdentityPicker

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class SignerDialog(QDialog):
    """Whose key signs; ``accept`` only once the key has really loaded (a wrong passphrase
    is said in the dialog). ``extra`` holds any choice the action needs besides the key."""

    def __init__(
        self,
        title: str,
        note: str,
        parent: QWidget | None = None,
        *,
        extra: QWidget | None = None,
        ok_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.signer: Ed25519PrivateKey | None = None
        explanation = QLabel(note, self)
        explanation.setWordWrap(True)
        self.identity = IdentityPicker(self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text or self.tr("&Sign"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (explanation, extra, self.identity, self.error, buttons):
            if widget is not None:
                layout.addWidget(widget)

    def accept(self) -> None:
        try:
            self.signer = self.identity.key()
        except EvidenceKitError as problem:
            self.error.setText(problem.message)
            self.error.show()
            return
        super().accept()

"""Choosing whose key signs or opens a bundle: the keyring's, or a passphrase-protected file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from evidencekit.bundle.identity import create_identity, keyring_available, load_identity
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.gui.runner import show_error

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE_SETTING = "identity/key_file"


class IdentityPicker(QWidget):
    """Radio buttons for the two places a key can live, with the key file's passphrase.

    ``key()`` loads the chosen key and raises EvidenceKitError in plain words when it
    cannot (no such identity, wrong passphrase); the caller shows that beside the form.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.use_keyring = QRadioButton(self.tr("My key in this computer's password store"), self)
        self.use_file = QRadioButton(self.tr("My key file:"), self)
        group = QButtonGroup(self)
        group.addButton(self.use_keyring)
        group.addButton(self.use_file)
        self.key_file = QLineEdit(str(QSettings().value(KEY_FILE_SETTING, "")), self)
        self.key_file.setAccessibleName(self.tr("Key file"))
        self.key_file.setPlaceholderText(self.tr("e.g. ~/Documents/my-evidencekit.key"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setAccessibleName(self.tr("Choose key file"))
        browse.clicked.connect(self._browse)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Key file passphrase"))
        self.create_button = QPushButton(self.tr("Create a new identity…"), self)
        self.create_button.setAccessibleName(self.tr("Create a new identity"))
        self.create_button.clicked.connect(self._create)
        self.note = QLabel(self)
        self.note.setWordWrap(True)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.use_keyring, 0, 0, 1, 3)
        file_row = QHBoxLayout()
        file_row.addWidget(self.key_file)
        file_row.addWidget(browse)
        grid.addWidget(self.use_file, 1, 0)
        grid.addLayout(file_row, 1, 1, 1, 2)
        grid.addWidget(QLabel(self.tr("Passphrase:"), self), 2, 0)
        grid.addWidget(self.passphrase, 2, 1, 1, 2)
        grid.addWidget(self.create_button, 3, 2)
        grid.addWidget(self.note, 4, 0, 1, 3)

        if keyring_available():
            self.use_keyring.setChecked(not self.key_file.text())
            self.use_file.setChecked(bool(self.key_file.text()))
        else:
            self.use_keyring.setEnabled(False)
            self.use_file.setChecked(True)
            self.note.setText(
                self.tr(
                    "This computer has no secure password store, so your key is kept in a "
                    "file protected by a passphrase."
                )
            )
        group.buttonToggled.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        on_file = self.use_file.isChecked()
        self.key_file.setEnabled(on_file)
        self.passphrase.setEnabled(on_file)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, self.tr("Choose your key file"))
        if chosen:
            self.key_file.setText(chosen)

    def _file(self) -> Path | None:
        return Path(self.key_file.text()).expanduser() if self.use_file.isChecked() else None

    def key(self) -> Ed25519PrivateKey:
        key_file = self._file()
        key = load_identity(key_file=key_file, passphrase=self.passphrase.text())
        if key_file is not None:
            QSettings().setValue(KEY_FILE_SETTING, str(key_file))
        return key

    def _create(self) -> None:
        if self.use_file.isChecked() and not self.key_file.text():
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Where to keep your new key file"), "evidencekit.key"
            )
            if not chosen:
                return
            self.key_file.setText(chosen)
        try:
            create_identity(key_file=self._file(), passphrase=self.passphrase.text())
        except EvidenceKitError as exc:  # shown in words; nothing was written
            show_error(self, exc)
            return
        self.note.setText(self.tr("Your new identity is ready."))

"""Choosing whose key signs or opens a bundle: the keyring's, or a passphrase-protected file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.bundle.signing.identity import create_identity, keyring_available, load_identity
from evidencekit.domain.errors import EvidenceKitError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE_SETTING = "identity/key_file"
MIN_PASSPHRASE = 8


def explanation(parent: QWidget) -> QLabel:
    """One line on what an identity and a key file are, for someone who never heard of keys."""
    label = QLabel(
        parent.tr(
            "Your identity is a secret key that signs your bundles, so an evaluator can tell "
            "they come from you and were not changed. A key file keeps that key on disk, "
            "locked by a passphrase."
        ),
        parent,
    )
    label.setWordWrap(True)
    label.setAccessibleName(parent.tr("What an identity is"))
    return label


class IdentityPicker(QWidget):
    """Radio buttons for the two places a key can live, with the key file's passphrase.

    ``key()`` loads the chosen key and raises EvidenceKitError in plain words when it
    cannot (no such identity, wrong passphrase); the caller shows that beside the form.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.use_keyring = QRadioButton(self.tr("My key in this computer's &password store"), self)
        self.use_file = QRadioButton(self.tr("My key &file:"), self)
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
        self.create_button = QPushButton(self.tr("Create a &new identity…"), self)
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
        passphrase_label = QLabel(self.tr("P&assphrase:"), self)
        passphrase_label.setBuddy(self.passphrase)
        grid.addWidget(explanation(self), 5, 0, 1, 3)
        grid.addWidget(passphrase_label, 2, 0)
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
        """The chosen key; EvidenceKitError in plain words when it cannot be loaded."""
        key_file = self._file()
        if key_file is not None and not self.key_file.text().strip():
            raise EvidenceKitError(
                self.tr("Choose your key file, or create a new identity if you have none.")
            )
        if key_file is not None and key_file.is_dir():
            raise EvidenceKitError(
                self.tr("{path} is a folder; choose the key file itself.").format(path=key_file)
            )
        if key_file is not None and not key_file.exists():
            raise EvidenceKitError(self.tr("There is no key file at {path}.").format(path=key_file))
        key = load_identity(key_file=key_file, passphrase=self.passphrase.text())
        if key_file is not None:
            QSettings().setValue(KEY_FILE_SETTING, str(key_file))
        return key

    def _create(self) -> None:
        dialog = NewIdentityDialog(self._file() is not None, self.key_file.text(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.key_file is not None:
            self.key_file.setText(str(dialog.key_file))
            self.passphrase.setText(dialog.passphrase.text())
        self.note.setText(self.tr("Your new identity is ready."))


class NewIdentityForm(QWidget):
    """The fields for a new key: a key file and its passphrase typed twice, or nothing to
    fill in when the key goes to the password store."""

    def __init__(self, in_file: bool, key_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.in_file = in_file
        self.path = QLineEdit(key_file or str(Path.home() / "evidencekit.key"), self)
        self.path.setAccessibleName(self.tr("New key file"))
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("New passphrase"))
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(self.tr("New passphrase again"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        # The explanation sits above the form: a wrapped label in a form row is cut off.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(explanation(self))
        form = QFormLayout()
        outer.addLayout(form)
        if in_file:
            form.addRow(self.tr("&Key file:"), self.path)
            form.addRow(self.tr("&Passphrase:"), self.passphrase)
            form.addRow(self.tr("Passphrase &again:"), self.again)
        else:
            for field in (self.path, self.passphrase, self.again):
                field.hide()
            form.addRow(QLabel(self.tr("The key will be kept in this computer's password store.")))
        outer.addWidget(self.error)
        outer.addStretch(1)

    def create_key(self) -> Path | None:
        """Make the key; the key file's path, or None for the password store. On a problem
        it is said under the fields, nothing is written, and EvidenceKitError is raised."""
        key_file = Path(self.path.text().strip()).expanduser() if self.in_file else None
        try:
            if key_file is not None:
                if not self.path.text().strip():
                    raise EvidenceKitError(self.tr("Say where to keep the new key file."))
                if len(self.passphrase.text()) < MIN_PASSPHRASE:
                    too_short = self.tr(
                        "Choose a passphrase of at least %n characters.", "", MIN_PASSPHRASE
                    )
                    raise EvidenceKitError(too_short)
                if self.passphrase.text() != self.again.text():
                    raise EvidenceKitError(
                        self.tr("The two passphrases differ; type the same one twice.")
                    )
            create_identity(key_file=key_file, passphrase=self.passphrase.text())
        except EvidenceKitError as problem:
            self.error.setText(problem.message)
            self.error.show()
            raise
        if key_file is not None:
            QSettings().setValue(KEY_FILE_SETTING, str(key_file))
        return key_file


class NewIdentityDialog(QDialog):
    """Creates a key: in a key file under a passphrase typed twice, or in the password store."""

    def __init__(self, in_file: bool, key_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create a new identity"))
        self.form = NewIdentityForm(in_file, key_file, self)
        self.key_file: Path | None = None
        # The fields, by the names callers and tests use.
        self.path, self.passphrase, self.again = (
            self.form.path,
            self.form.passphrase,
            self.form.again,
        )
        self.error = self.form.error
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("C&reate"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.key_file = self.form.create_key()
        except EvidenceKitError:  # said under the fields; nothing was written
            return
        super().accept()


def has_identity() -> bool:
    """Whether a key is already at hand: a remembered key file, or one in the keyring."""
    remembered = str(QSettings().value(KEY_FILE_SETTING, ""))
    if remembered and Path(remembered).expanduser().is_file():
        return True
    if not keyring_available():
        return False
    try:
        load_identity()
    except EvidenceKitError:
        return False
    return True

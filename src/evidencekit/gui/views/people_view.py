"""The People view: who I am (name, role, email, key fingerprint) and whom I trust."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidencekit.bundle.signing.contact import SUFFIX as CONTACT_SUFFIX
from evidencekit.bundle.signing.contact import read_key_or_contact
from evidencekit.bundle.signing.identity import ROLES, keyring_available, load_identity
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.gui.dialogs.people_dialogs import AboutYouDialog, TrustDialog, role_label
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.runner import show_error
from evidencekit.services.people import (
    load_me,
    my_contact_file,
    my_fingerprint,
    remember_my_key,
    trust,
    trusted_people,
)
from evidencekit.storage.atomic_files import write_atomically

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FINGERPRINT_SETTING = "identity/fingerprint"


class PeopleView(QWidget):
    changed = Signal()  # her identity or the people she trusts changed
    dialogOpened = Signal(object)  # each dialog, before it opens (tests, screenshots)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("People"))
        me_box = QGroupBox(self.tr("You"), self)
        self.name = QLabel(me_box)
        self.role = QLabel(me_box)
        self.email = QLabel(me_box)
        self.fingerprint = QLabel(me_box)
        self.fingerprint.setAccessibleName(self.tr("Your key fingerprint"))
        for label, name in (
            (self.name, self.tr("Your name")),
            (self.role, self.tr("Your role")),
            (self.email, self.tr("Your email")),
        ):
            label.setAccessibleName(name)
        form = QFormLayout(me_box)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Role:"), self.role)
        form.addRow(self.tr("Email:"), self.email)
        form.addRow(self.tr("Key fingerprint:"), self.fingerprint)
        self.edit_button = self._button(self.tr("Ed&it…"), self.edit_me)
        self.show_key_button = self._button(self.tr("Show my &key…"), self.show_my_key)
        self.contact_button = self._button(self.tr("Save my &contact file…"), self.save_contact)
        row = QHBoxLayout()
        for button in (self.edit_button, self.show_key_button, self.contact_button):
            row.addWidget(button)
        row.addStretch(1)
        form.addRow(row)

        trusted_box = QGroupBox(self.tr("People you trust"), self)
        self.table = QTableWidget(0, 4, trusted_box)
        self.table.setAccessibleName(self.tr("People you trust"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Trusted as"), self.tr("Since"), self.tr("Fingerprint")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.trust_button = self._button(self.tr("&Trust a contact file…"), self.trust_file)
        note = QLabel(
            self.tr(
                "Reviews, bundles and credentials count only from people you trust, each in "
                "the role you trust them in. Before you trust someone, have them read you "
                "their fingerprint."
            ),
            trusted_box,
        )
        note.setWordWrap(True)
        column = QVBoxLayout(trusted_box)
        column.addWidget(note)
        column.addWidget(self.table, 1)
        trust_row = QHBoxLayout()  # at its own width, on the left like the buttons above
        trust_row.addWidget(self.trust_button)
        trust_row.addStretch(1)
        column.addLayout(trust_row)

        layout = QVBoxLayout(self)
        layout.addWidget(me_box)
        layout.addWidget(trusted_box, 1)
        self._key: Ed25519PrivateKey | None = None
        # Filled when shown (showEvent): asking the keyring costs a quarter second at start.

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda: slot())
        return button

    # -- showing ------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            me = load_me()
        except EvidenceKitError as exc:
            show_error(self, exc)
            return
        missing = self.tr("(not given yet)")
        self.name.setText(me.name or missing)
        self.role.setText(role_label(me.role).capitalize() if me.role else missing)
        self.email.setText(me.email or missing)
        shown = self._quiet_fingerprint() or str(QSettings().value(FINGERPRINT_SETTING, ""))
        self.fingerprint.setText(
            f"<tt>{shown}</tt>" if shown else self.tr("(open your key to see it)")
        )
        people = trusted_people()
        self.table.setRowCount(len(people))
        for row, person in enumerate(people):
            cells = (
                person.label or self.tr("(no name)"),
                role_label(person.role).capitalize(),
                person.since or "—",
                person.fingerprint,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:  # hers above is in fixed-width letters: compare group by group
                    item.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
                self.table.setItem(row, column, item)

    def showEvent(self, event) -> None:
        # Trust given elsewhere (opening a bundle, importing a review) shows when she looks.
        self.reload()
        super().showEvent(event)

    def _quiet_fingerprint(self) -> str:
        """The keyring's key needs no passphrase, so its fingerprint shows at once."""
        if self._key is not None:
            return my_fingerprint(self._key)
        if not keyring_available():
            return ""
        try:
            return my_fingerprint(load_identity())
        except EvidenceKitError:
            return ""

    # -- actions ------------------------------------------------------------------------

    def edit_me(self) -> AboutYouDialog:
        dialog = AboutYouDialog(load_me(), "", self)
        dialog.accepted.connect(self._changed)
        self.dialogOpened.emit(dialog)
        dialog.open()
        return dialog

    def _with_key(self, title: str, then) -> SignerDialog:
        dialog = SignerDialog(
            title, self.tr("Open your key (it stays on this computer)."), self, ok_text="&Open"
        )

        def opened() -> None:
            if dialog.signer is None:
                return
            self._key = dialog.signer
            QSettings().setValue(FINGERPRINT_SETTING, my_fingerprint(dialog.signer))
            remember_my_key(dialog.signer)  # her drafts from before show in Reviews again
            self.reload()
            then(dialog.signer)

        dialog.accepted.connect(opened)
        self.dialogOpened.emit(dialog)
        dialog.open()
        return dialog

    def show_my_key(self) -> SignerDialog:
        return self._with_key(self.tr("Show my key"), lambda _key: None)

    def save_contact(self) -> SignerDialog:
        return self._with_key(self.tr("Save my contact file"), self._write_contact)

    def _write_contact(self, key: Ed25519PrivateKey) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save my contact file"),
            "me" + CONTACT_SUFFIX,
            self.tr("Contact files (*{suffix})").format(suffix=CONTACT_SUFFIX),
        )
        if not chosen:
            return
        target = Path(chosen)
        if not target.name.endswith(CONTACT_SUFFIX):
            target = target.with_name(target.name + CONTACT_SUFFIX)
        try:
            write_atomically(target, my_contact_file(key, load_me()))
        except EvidenceKitError as exc:
            show_error(self, exc)

    def trust_file(self, path: Path | None = None) -> TrustDialog | None:
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self,
                self.tr("Trust a contact file"),
                "",
                self.tr("Contact files and public keys (*{suffix} *.pub);;All files (*)").format(
                    suffix=CONTACT_SUFFIX
                ),
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            contact = read_key_or_contact(path.read_bytes())
        except OSError:
            show_error(self, EvidenceKitError(self.tr("{file} cannot be read.").format(file=path)))
            return None
        except EvidenceKitError as exc:
            show_error(self, exc)
            return None
        dialog = TrustDialog(
            self.tr("{file} holds someone's key.").format(file=path.name),
            contact.name,
            contact.fingerprint,
            (contact.role,) if contact.role else ROLES,
            self,
        )

        def trusted() -> None:
            if dialog.chosen_role is not None:
                trust(replace(contact, name=dialog.name.text().strip()), dialog.chosen_role)
                self._changed()

        dialog.accepted.connect(trusted)
        self.dialogOpened.emit(dialog)
        dialog.open()
        return dialog

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()

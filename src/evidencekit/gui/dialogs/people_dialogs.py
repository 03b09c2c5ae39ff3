"""Asking who she is (once) and whether to trust someone (on first contact)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.bundle.signing.identity import ROLES
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services.people import Me, load_me, save_me


def role_label(role: str) -> str:
    return {
        "teacher": QCoreApplication.translate("PeopleDialogs", "teacher"),
        "evaluator": QCoreApplication.translate("PeopleDialogs", "evaluator"),
        "coach": QCoreApplication.translate("PeopleDialogs", "coach"),
    }.get(role, role)


class AboutYouDialog(QDialog):
    """Name, email and role: what certificates and contact files say about her."""

    def __init__(self, me: Me, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About you"))
        self.setAccessibleName(self.windowTitle())
        intro = QLabel(
            self.tr(
                "Your name goes on what you sign: reviews, certificates and the contact file "
                "you send to the people you work with. Teachers' badges are tied to their "
                "email (only a salted hash of it leaves this computer)."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(me.name, self)
        self.name.setAccessibleName(self.tr("Your name"))
        self.email = QLineEdit(me.email, self)
        self.email.setAccessibleName(self.tr("Your email"))
        self.role = QComboBox(self)
        self.role.setAccessibleName(self.tr("Your role"))
        for value in ROLES:
            self.role.addItem(role_label(value).capitalize(), value)
        self.role.setCurrentIndex(max(0, self.role.findData(me.role or role)))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Email:"), self.email)
        form.addRow(self.tr("&Role:"), self.role)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.saved: Me | None = None

    def accept(self) -> None:
        try:
            self.saved = save_me(
                Me(self.name.text(), self.email.text(), str(self.role.currentData()))
            )
        except EvidenceKitError as problem:
            self.error.setText(problem.message)
            self.error.show()
            return
        super().accept()


def ask_about_me_once(
    parent: QWidget, role: str, then: Callable[[], object]
) -> AboutYouDialog | None:
    """Before the first seal or review: her name (and email), unless she gave it already."""
    me = load_me()
    if me.name:
        then()
        return None
    dialog = AboutYouDialog(me, role, parent)
    dialog.accepted.connect(then)
    dialog.open()
    return dialog


class TrustDialog(QDialog):
    """Someone unknown signed what she is opening: who they say they are, their
    fingerprint to compare aloud, and one button per role she may trust them in."""

    def __init__(
        self,
        what: str,
        claimed_name: str,
        fingerprint: str,
        roles: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Someone new"))
        self.setAccessibleName(self.windowTitle())
        self.chosen_role: str | None = None
        said = QLabel(what, self)
        said.setWordWrap(True)
        claim = (
            self.tr("They say they are <b>{name}</b>.").format(name=_escape(claimed_name))
            if claimed_name
            else self.tr("The file does not say who they are.")
        )
        who = QLabel(claim, self)
        who.setWordWrap(True)
        self.fingerprint = QLabel(f"<tt style='font-size:large'>{fingerprint}</tt>", self)
        self.fingerprint.setAccessibleName(self.tr("Fingerprint"))
        check = QLabel(
            self.tr(
                "Trust them only if they read you the same fingerprint (by phone or in "
                "person). Nothing is opened or imported until you decide."
            ),
            self,
        )
        check.setWordWrap(True)
        self.name = QLineEdit(claimed_name, self)
        self.name.setAccessibleName(self.tr("Their name"))
        self.name.setPlaceholderText(self.tr("Their name, as you know them"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.role_buttons: dict[str, QPushButton] = {}
        for role in roles:
            button = buttons.addButton(
                self.tr("Trust as {role}").format(role=role_label(role)),
                QDialogButtonBox.ButtonRole.AcceptRole,
            )
            button.setAccessibleName(button.text())
            button.clicked.connect(lambda _=False, r=role: self._choose(r))
            self.role_buttons[role] = button
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (said, who, self.fingerprint, check):
            layout.addWidget(widget)
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _choose(self, role: str) -> None:
        self.chosen_role = role
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The first-run setup, the first time she starts a submission: her name and email, her
signing identity, and her first submission, in three short steps."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from evidencekit.bundle.signing.identity import keyring_available
from evidencekit.domain.catalog import Catalog
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.gui.dialogs.identity_picker import KEY_FILE_SETTING, NewIdentityForm, has_identity
from evidencekit.services.holder import HolderProfile, load_profile, save_profile
from evidencekit.services.submissions import SubmissionSummary, create_submission
from evidencekit.storage.workspace import Workspace

SETUP_DONE = "setup/done"


def setup_needed() -> bool:
    return not QSettings().value(SETUP_DONE, False, type=bool)


def _problem_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setAccessibleName(parent.tr("Problem"))
    label.hide()
    return label


class AboutYouPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("About you"))
        self.setSubTitle(
            self.tr(
                "Your name is printed on your certificates. Your email stays on this computer: "
                "bundles carry only a salted hash of it."
            )
        )
        profile = load_profile()
        self.name = QLineEdit(profile.name, self)
        self.name.setAccessibleName(self.tr("Your name"))
        self.email = QLineEdit(profile.email, self)
        self.email.setAccessibleName(self.tr("Your email"))
        self.error = _problem_label(self)
        form = QFormLayout(self)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Email:"), self.email)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        try:
            if not self.name.text().strip():
                raise EvidenceKitError(self.tr("Type your name as it should read on certificates."))
            save_profile(HolderProfile(self.name.text(), self.email.text()))
        except EvidenceKitError as problem:
            self.error.setText(problem.message)
            self.error.show()
            return False
        return True


class IdentityPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your signing identity"))
        self.already = has_identity()
        self.form = NewIdentityForm(
            in_file=not keyring_available(),
            key_file=str(QSettings().value(KEY_FILE_SETTING, "")),
            parent=self,
        )
        layout = QVBoxLayout(self)
        if self.already:
            self.setSubTitle(self.tr("You already have an identity on this computer."))
            self.form.hide()
        else:
            self.setSubTitle(
                self.tr("It seals your bundles so an evaluator can trust they are yours.")
            )
        layout.addWidget(self.form)

    def validatePage(self) -> bool:
        if self.already:
            return True
        try:
            self.form.create_key()
        except EvidenceKitError:  # said under the fields
            return False
        self.already = True
        return True


class FirstSubmissionPage(QWizardPage):
    def __init__(self, catalog: Catalog, credential_id: str | None, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your first submission"))
        self.setSubTitle(self.tr("Choose the credential and give your submission a title."))
        self.credential = QComboBox(self)
        self.credential.setAccessibleName(self.tr("Credential"))
        for credential in catalog.latest():
            self.credential.addItem(credential.title, credential.id)
        if credential_id is not None:
            self.credential.setCurrentIndex(max(0, self.credential.findData(credential_id)))
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setPlaceholderText(self.tr("e.g. Spring term — Grade 5 math"))
        self.error = _problem_label(self)
        form = QFormLayout(self)
        form.addRow(self.tr("&Credential:"), self.credential)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.error)


class FirstRunWizard(QWizard):
    """Ends by creating the submission; ``created`` holds it once accepted."""

    def __init__(
        self,
        workspace: Workspace,
        catalog: Catalog,
        credential_id: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Getting started"))
        self.workspace = workspace
        self.created: SubmissionSummary | None = None
        self.about = AboutYouPage(self)
        self.identity = IdentityPage(self)
        self.first = FirstSubmissionPage(catalog, credential_id, self)
        for page in (self.about, self.identity, self.first):
            self.addPage(page)
        self.setMinimumSize(620, 460)  # room for the wrapped explanations

    def accept(self) -> None:
        page = self.first
        try:
            if not page.title_edit.text().strip():
                raise EvidenceKitError(self.tr("Give your submission a title."))
            self.created = create_submission(
                self.workspace, page.credential.currentData(), None, page.title_edit.text().strip()
            )
        except EvidenceKitError as problem:
            page.error.setText(problem.message)
            page.error.show()
            return
        QSettings().setValue(SETUP_DONE, True)
        super().accept()

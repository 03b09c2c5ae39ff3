"""The People view, and trust on first contact when opening a bundle or importing a review."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidencekit.bundle.signing.contact import write_contact
from evidencekit.bundle.signing.identity import create_identity
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.gui.dialogs.people_dialogs import AboutYouDialog, TrustDialog
from evidencekit.gui.views.people_view import PeopleView
from evidencekit.services.people import Me, load_me, save_me, trusted_people

PASSPHRASE = "a long enough passphrase"
EVA = Ed25519PrivateKey.from_private_bytes(bytes(range(7, 39)))


@pytest.fixture(autouse=True)
def _no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())


def test_people_view_shows_me_and_whom_i_trust(qtbot, tmp_path: Path) -> None:
    save_me(Me("Tess Ng", "tess@school.example", "teacher"))
    contact = tmp_path / "eva.evkit-contact"
    contact.write_bytes(write_contact(EVA, "Eva Ortiz", "evaluator"))
    view = PeopleView()
    qtbot.addWidget(view)
    view.show()
    assert view.name.text() == "Tess Ng" and view.role.text() == "Teacher"
    assert view.table.rowCount() == 0

    dialogs: list[TrustDialog] = []
    view.dialogOpened.connect(dialogs.append)
    view.trust_file(contact)
    [dialog] = dialogs
    assert dialog.name.text() == "Eva Ortiz"  # who she says she is, changeable
    assert list(dialog.role_buttons) == ["evaluator"]  # the role her contact file names
    QTest.mouseClick(dialog.role_buttons["evaluator"], Qt.MouseButton.LeftButton)
    [person] = trusted_people()
    assert (person.label, person.role) == ("Eva Ortiz", "evaluator")
    assert view.table.item(0, 0).text() == "Eva Ortiz"
    assert view.table.item(0, 1).text() == "Evaluator"
    assert view.table.item(0, 3).text() == person.fingerprint


def test_cancel_trusts_nobody(qtbot, tmp_path: Path) -> None:
    contact = tmp_path / "eva.evkit-contact"
    contact.write_bytes(write_contact(EVA, "Eva Ortiz", "evaluator"))
    view = PeopleView()
    qtbot.addWidget(view)
    dialog = view.trust_file(contact)
    assert dialog is not None
    dialog.reject()
    assert trusted_people() == []


def test_my_fingerprint_shows_once_my_key_is_open(qtbot, tmp_path: Path) -> None:
    key_file = tmp_path / "me.key"
    key = create_identity(key_file=key_file, passphrase=PASSPHRASE)
    view = PeopleView()
    qtbot.addWidget(view)
    view.show()
    assert "open your key" in view.fingerprint.text()
    dialog = view.show_my_key()
    qtbot.addWidget(dialog)
    dialog.identity.use_file.setChecked(True)
    dialog.identity.key_file.setText(str(key_file))
    dialog.identity.passphrase.setText(PASSPHRASE)
    dialog.accept()
    assert fingerprint(key.public_key()) in view.fingerprint.text()


def test_about_you_is_asked_until_given(qtbot) -> None:
    dialog = AboutYouDialog(load_me(), "evaluator")
    qtbot.addWidget(dialog)
    dialog.accept()  # no name: refused in words, the dialog stays
    assert not dialog.error.isHidden() and "name" in dialog.error.text()
    assert dialog.result() != AboutYouDialog.DialogCode.Accepted
    dialog.name.setText("Eva Ortiz")
    dialog.accept()
    assert load_me() == Me("Eva Ortiz", "", "evaluator")


def test_trust_button_keeps_its_width_on_the_left_like_the_others(qtbot) -> None:
    view = PeopleView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    trust, edit = view.trust_button, view.edit_button
    assert trust.width() == trust.sizeHint().width()  # not across the whole box
    assert (
        trust.mapTo(view, trust.rect().topLeft()).x() == edit.mapTo(view, edit.rect().topLeft()).x()
    )

"""The seal dialog says what is missing, asks a new passphrase twice and shows no stray '&'."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
)

from evidencekit.bundle.signing.identity import read_key_file
from evidencekit.gui.dialogs.seal_dialog import SealDialog
from tests.gui.answering import answer_next_dialog

PASSPHRASE = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())  # key files only, as on a headless school laptop


@pytest.fixture
def dialog(qtbot, tmp_path: Path) -> SealDialog:
    widget = SealDialog("Spring — Grade 5", 1, tmp_path)
    qtbot.addWidget(widget)
    widget.identity.key_file.clear()
    widget.show()
    return widget


def _seal_button(dialog: QDialog) -> QAbstractButton:
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_an_empty_key_file_field_says_what_is_missing(qtbot, dialog: SealDialog) -> None:
    QTest.mouseClick(_seal_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.signer is None
    assert dialog.error.isVisible()
    assert "Choose your key file" in dialog.error.text()


def test_a_folder_as_key_file_is_named_not_a_traceback(
    qtbot, dialog: SealDialog, tmp_path: Path
) -> None:
    dialog.identity.key_file.setText(str(tmp_path))
    QTest.mouseClick(_seal_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "is a folder" in dialog.error.text()


def _fill_new_identity(path: Path, first: str, second: str):
    def answer(new: QDialog) -> None:
        new.findChild(QLineEdit, None)  # the dialog is up
        new.path.setText(str(path))
        QTest.keyClicks(new.passphrase, first)
        QTest.keyClicks(new.again, second)
        QTest.mouseClick(_seal_button(new), Qt.MouseButton.LeftButton)
        if new.isVisible():  # refused: remember why, then give up
            answers.append(new.error.text())
            new.reject()

    answers: list[str] = []
    return answer, answers


def test_creating_a_key_asks_the_passphrase_twice(
    qtbot, dialog: SealDialog, tmp_path: Path
) -> None:
    key_path = tmp_path / "mine.key"
    answer, refused = _fill_new_identity(key_path, PASSPHRASE, PASSPHRASE + "x")
    answer_next_dialog(answer)
    QTest.mouseClick(dialog.identity.create_button, Qt.MouseButton.LeftButton)
    assert refused and "differ" in refused[0]
    assert not key_path.exists()

    answer, refused = _fill_new_identity(key_path, PASSPHRASE, PASSPHRASE)
    answer_next_dialog(answer)
    QTest.mouseClick(dialog.identity.create_button, Qt.MouseButton.LeftButton)
    assert refused == [] and key_path.exists()
    read_key_file(key_path, PASSPHRASE)  # really locked by that passphrase
    assert dialog.identity.key_file.text() == str(key_path)
    QTest.mouseClick(_seal_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.signer is not None


def test_labels_show_mnemonics_not_ampersands_and_explain_keys(dialog: SealDialog) -> None:
    for label in dialog.findChildren(QLabel):
        if "&" in label.text() and label.textFormat() != Qt.TextFormat.RichText:
            assert label.buddy() is not None, f"{label.text()!r} would show a literal '&'"
    words = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Your identity is a secret key that signs your bundles" in words
    assert "A key file keeps that key" in words

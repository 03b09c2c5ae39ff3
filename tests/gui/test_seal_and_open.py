"""Sealing from the GUI (progress, Cancel, encryption) and opening what was sealed."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QWidget

from evidencekit.bundle.encryption.age_files import age_recipient_for
from evidencekit.bundle.signing.identity import create_identity, read_key_file
from evidencekit.bundle.verify import Verdict
from evidencekit.gui.dialogs.seal_dialog import SealDialog, default_bundle_name, seal_submission
from evidencekit.gui.dialogs.verdict_dialog import VerdictDialog, check_bundle_file
from evidencekit.storage.workspace import Workspace

PASSPHRASE = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())  # a headless school laptop: key files only


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "teacher.key"
    create_identity(key_file=path, passphrase=PASSPHRASE)
    return path


def _dialog(qtbot, tmp_path: Path, key_file: Path, passphrase: str = PASSPHRASE) -> SealDialog:
    dialog = SealDialog("Spring — Grade 5", 1, tmp_path)
    qtbot.addWidget(dialog)
    dialog.identity.key_file.setText(str(key_file))
    dialog.identity.passphrase.setText(passphrase)
    return dialog


def _seal(qtbot, workspace: Workspace, dialog: SealDialog) -> list[object]:
    sealed: list[object] = []
    operation = seal_submission(dialog, workspace, 1, dialog, sealed.append)
    qtbot.waitUntil(lambda: not operation.running, timeout=60_000)
    return sealed


def _open(qtbot, path: Path, reader=None) -> Verdict:
    verdicts: list[Verdict] = []
    parent = QWidget()
    qtbot.addWidget(parent)
    operation = check_bundle_file(parent, path, reader, verdicts.append)
    qtbot.waitUntil(lambda: not operation.running, timeout=60_000)
    return verdicts[0]


def test_without_a_keyring_the_key_file_is_the_plain_choice(
    qtbot, tmp_path: Path, key_file: Path
) -> None:
    dialog = _dialog(qtbot, tmp_path, key_file)
    assert not dialog.identity.use_keyring.isEnabled()
    assert dialog.identity.use_file.isChecked()
    assert "no secure password store" in dialog.identity.note.text()
    assert dialog.target.text().endswith(default_bundle_name("Spring — Grade 5", 1))
    assert default_bundle_name("Spring — Grade 5", 1) == "spring-grade-5-attempt-1.evkit"


def test_a_wrong_passphrase_keeps_the_dialog_open_with_the_reason(
    qtbot, tmp_path: Path, key_file: Path
) -> None:
    dialog = _dialog(qtbot, tmp_path, key_file, passphrase="not it at all")
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and dialog.signer is None
    assert "passphrase is wrong" in dialog.error.text()
    dialog.identity.passphrase.setText(PASSPHRASE)
    dialog.accept()
    assert not dialog.isVisible() and dialog.signer is not None


def test_seal_then_open_shows_an_unchanged_bundle_from_an_untrusted_key(
    qtbot, tmp_path: Path, demo_workspace: Workspace, key_file: Path
) -> None:
    dialog = _dialog(qtbot, tmp_path, key_file)
    dialog.accept()
    [result] = _seal(qtbot, demo_workspace, dialog)
    assert result.path == dialog.bundle_path() and result.path.is_file()  # type: ignore[attr-defined]
    verdict = _open(qtbot, dialog.bundle_path())
    assert verdict.ok
    shown = VerdictDialog(verdict)
    qtbot.addWidget(shown)
    assert "not trusted yet" in shown.headline.text()
    assert verdict.signer in shown.headline.text()


def test_an_encrypted_bundle_opens_only_with_the_evaluators_key(
    qtbot, tmp_path: Path, demo_workspace: Workspace, key_file: Path
) -> None:
    evaluator_file = tmp_path / "evaluator.key"
    create_identity(key_file=evaluator_file, passphrase=PASSPHRASE)
    evaluator = read_key_file(evaluator_file, PASSPHRASE)
    dialog = _dialog(qtbot, tmp_path, key_file)
    dialog.encrypt.setChecked(True)
    assert dialog.target.text().endswith(".evkit.age")
    dialog.recipient.setText("age1 this is not a key")
    dialog.accept()
    assert dialog.signer is None and "not a usable age public key" in dialog.error.text()
    dialog.recipient.setText(age_recipient_for(evaluator))
    dialog.accept()
    _seal(qtbot, demo_workspace, dialog)
    locked = dialog.bundle_path()
    assert _open(qtbot, locked, evaluator).ok
    refused = VerdictDialog(_open(qtbot, locked))
    qtbot.addWidget(refused)
    assert "Refused" in refused.headline.text()
    assert "encrypted" in refused.findings.item(0).text()


def test_cancel_while_sealing_leaves_no_file(
    qtbot, tmp_path: Path, demo_workspace: Workspace, key_file: Path
) -> None:
    dialog = _dialog(qtbot, tmp_path, key_file)
    dialog.accept()
    sealed: list[object] = []
    operation = seal_submission(dialog, demo_workspace, 1, dialog, sealed.append)
    operation.cancel()
    qtbot.waitUntil(lambda: not operation.running, timeout=60_000)
    assert sealed == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["teacher.key", "ws"]

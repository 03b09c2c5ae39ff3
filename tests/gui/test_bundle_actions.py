"""Sealing, checking, reviewing and feedback, reached from the main window's menus."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from evidencekit.bundle.signing.identity import create_identity, read_key_file
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.review import ReviewerRole
from evidencekit.gui import bundle_actions
from evidencekit.gui.bundle_actions import FeedbackDialog
from evidencekit.gui.dialogs.people_dialogs import AboutYouDialog
from evidencekit.gui.dialogs.seal_dialog import SealDialog
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.services.people import Me, load_me, save_me, trusted_people
from evidencekit.services.review_sessions import list_drafts
from evidencekit.storage.locations import holder_profile_path
from evidencekit.storage.workspace import Workspace

PASSPHRASE = "a long enough passphrase"


@pytest.fixture(autouse=True)
def _no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())


@pytest.fixture(autouse=True)
def _known_me() -> None:
    """She said who she is before (the first time is tested on its own)."""
    save_me(Me("Tess Ng", "tess@school.example", "teacher"))


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "me.key"
    create_identity(key_file=path, passphrase=PASSPHRASE)
    return path


@pytest.fixture
def window(qtbot, demo_workspace: Workspace) -> MainWindow:
    main = MainWindow(demo_workspace)
    qtbot.addWidget(main)
    main.show()
    main.open_submission(1)
    return main


def _sign_with(dialog: SignerDialog | SealDialog, key_file: Path) -> None:
    dialog.identity.key_file.setText(str(key_file))
    dialog.identity.passphrase.setText(PASSPHRASE)


def _seal(qtbot, window: MainWindow, key_file: Path, target: Path) -> Path:
    window.seal_action.trigger()
    [dialog] = window.findChildren(SealDialog)
    dialog.target.setText(str(target))
    _sign_with(dialog, key_file)
    with qtbot.waitSignal(window.bundles.sealed, timeout=60_000) as sealed:
        dialog.accept()
    return sealed.args[0].path


def test_seal_the_selected_submission_from_the_file_menu(
    qtbot, window: MainWindow, key_file: Path, tmp_path: Path
) -> None:
    bundle = _seal(qtbot, window, key_file, tmp_path / "spring.evkit")
    assert bundle == tmp_path / "spring.evkit" and bundle.is_file()
    assert "Sealed into" in window.statusBar().currentMessage()
    assert window.seal_action in window.menuBar().actions()[0].menu().actions()


def test_sealing_with_nothing_selected_says_what_to_do(qtbot, workspace: Workspace) -> None:
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.seal_action.trigger()
    assert not main.findChildren(SealDialog)
    [box] = main.findChildren(QMessageBox)
    assert "Select the submission to seal first" in box.text()


def test_check_a_bundle_shows_its_verdict(
    qtbot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, key_file: Path, tmp_path: Path
) -> None:
    bundle = _seal(qtbot, window, key_file, tmp_path / "spring.evkit")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bundle), ""))
    with qtbot.waitSignal(window.bundles.verdictShown, timeout=60_000) as shown:
        window.check_action.trigger()
    assert "Complete and unchanged" in shown.args[0].headline.text()


def test_review_a_bundle_as_evaluator_opens_the_review_window(
    qtbot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, key_file: Path, tmp_path: Path
) -> None:
    bundle = _seal(qtbot, window, key_file, tmp_path / "spring.evkit")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bundle), ""))
    asked: list[SignerDialog] = []
    window.bundles.signerAsked.connect(asked.append)
    window.review_action.trigger()
    [dialog] = asked
    dialog.identity.key_file.setText(str(key_file))
    dialog.identity.passphrase.setText("not the passphrase")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisibleTo(dialog)  # said, and still open
    _sign_with(dialog, key_file)
    # Sealed by a teacher this evaluator never trusted: asked first, nothing opened yet.
    with qtbot.waitSignal(window.bundles.trustAsked, timeout=60_000) as asked_trust:
        dialog.accept()
    trust = asked_trust.args[0]
    assert list(trust.role_buttons) == ["teacher"] and not window.bundles.reviews
    assert fingerprint(read_key_file(key_file, PASSPHRASE).public_key()) in trust.fingerprint.text()
    trust.name.setText("Tess Ng")
    with qtbot.waitSignal(window.bundles.reviewOpened, timeout=60_000) as opened:
        QTest.mouseClick(trust.role_buttons["teacher"], Qt.MouseButton.LeftButton)
    assert [(p.label, p.role) for p in trusted_people()] == [("Tess Ng", "teacher")]
    review = opened.args[0]
    qtbot.addWidget(review)
    assert review.review.role is ReviewerRole.EVALUATOR
    assert review.rubric is not None and review.current is not None


def test_cancelling_trust_opens_nothing(
    qtbot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, key_file: Path, tmp_path: Path
) -> None:
    bundle = _seal(qtbot, window, key_file, tmp_path / "spring.evkit")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bundle), ""))
    asked: list[SignerDialog] = []
    window.bundles.signerAsked.connect(asked.append)
    window.review_action.trigger()
    _sign_with(asked[0], key_file)
    with qtbot.waitSignal(window.bundles.trustAsked, timeout=60_000) as asked_trust:
        asked[0].accept()
    asked_trust.args[0].reject()
    qtbot.wait(50)
    assert not window.bundles.reviews and trusted_people() == []
    assert list_drafts(window.workspace) == []
    assert not any((window.workspace.path / "reviews").iterdir())  # nothing kept extracted


def test_her_name_is_asked_once_before_the_first_seal(
    qtbot, window: MainWindow, key_file: Path, tmp_path: Path
) -> None:
    holder_profile_path().unlink()  # a new user
    window.seal_action.trigger()
    [about] = window.findChildren(AboutYouDialog)
    assert about.role.currentData() == "teacher" and not window.findChildren(SealDialog)
    about.name.setText("Tess Ng")
    about.email.setText("tess@school.example")
    about.accept()
    assert load_me() == Me("Tess Ng", "tess@school.example", "teacher")
    [seal] = window.findChildren(SealDialog)
    seal.reject()
    window.seal_action.trigger()  # the second time: straight to the seal dialog
    assert len(window.findChildren(AboutYouDialog)) == 1


def test_feedback_opens_for_the_selected_submission(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.bundles.feedbackOpened) as opened:
        window.feedback_action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, FeedbackDialog) and dialog.panel.submission_id == 1
    assert "Demo" in dialog.windowTitle()


def test_sealed_bundles_default_to_a_real_folder() -> None:
    assert bundle_actions.documents_folder().is_dir()

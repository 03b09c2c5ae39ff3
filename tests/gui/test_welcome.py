"""A new teacher's first minutes: the welcome page on an empty workspace, what a credential
asks, and Start leading to her first submission."""

from __future__ import annotations

from pathlib import Path

import keyring
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWizard

from evidencekit.bundle.signing.identity import read_key_file
from evidencekit.gui.dialogs.first_run import SETUP_DONE, FirstRunWizard
from evidencekit.gui.dialogs.identity_picker import KEY_FILE_SETTING
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.views.credential_overview import CredentialOverview
from evidencekit.services.holder import load_profile
from evidencekit.services.submissions import list_submissions
from evidencekit.storage.workspace import Workspace
from tests.gui.answering import answer_next_dialog
from tests.gui.screens import keep_screenshot


def _window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()  # the first show fits the window to the (small) offscreen screen
    window.resize(1280, 800)  # then a desktop-sized window for the screenshot
    qtbot.waitExposed(window)
    return window


def test_an_empty_workspace_opens_on_the_credentials_she_can_earn(
    qtbot, workspace: Workspace
) -> None:
    window = _window(qtbot, workspace)
    assert window.work_stack.currentWidget() is window.welcome
    cards = window.welcome.cards
    assert [c.credential.id for c in cards] == [c.id for c in window.catalog.latest()]
    first = cards[0]
    for unit in first.credential.units:
        assert unit.title in " ".join(
            label.text() for label in first.findChildren(type(first.asked))
        )
    assert "classroom clips" in first.asked.text() and "pieces of writing" in first.asked.text()
    keep_screenshot(window, "welcome")

    # "What it asks…" opens the credential's overview: units, limits, every rubric level.
    QTest.mouseClick(first.overview_button, Qt.MouseButton.LeftButton)
    [overview] = [w for w in QApplication.topLevelWidgets() if isinstance(w, CredentialOverview)]
    qtbot.waitExposed(overview)
    text = overview.text.toPlainText()
    unit = first.credential.units[0]
    assert unit.title in text and unit.description in text
    assert all(slot.title in text for slot in unit.slots)
    assert "of files" in text or "per file" in text  # limits, in words
    for criterion in unit.rubric.criteria:
        assert criterion.title in text
        assert all(d in text for d in criterion.descriptors.values())  # every level
    assert "To pass" in text
    keep_screenshot(overview, "credential-overview")
    overview.close()

    # Start: the real New submission dialog, with this credential already chosen.
    def answer(dialog: QDialog) -> None:
        assert dialog.credential.currentData() == first.credential.id
        QTest.keyClicks(dialog.title, "Spring, my first")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

    QSettings().setValue(SETUP_DONE, True)  # the first-run setup has its own test
    answered = answer_next_dialog(answer)
    QTest.mouseClick(first.start_button, Qt.MouseButton.LeftButton)
    answered.check()
    assert answered
    [summary] = list_submissions(workspace)
    assert summary.submission.credential_id == first.credential.id
    assert window.work_stack.currentWidget() is window.splitter
    assert window.detail is not None and window.detail.submission.title == "Spring, my first"


def test_the_overview_is_reachable_later_from_help(qtbot, workspace: Workspace) -> None:
    window = _window(qtbot, workspace)
    window.overview_action.trigger()
    overviews = [w for w in QApplication.topLevelWidgets() if isinstance(w, CredentialOverview)]
    assert overviews and overviews[-1].isVisible()
    assert overviews[-1].credential.title in overviews[-1].text.toPlainText()


def test_the_first_start_walks_through_three_steps(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    keyring.set_keyring(fail.Keyring())  # no password store: a key file it is
    settings = QSettings()
    settings.remove(SETUP_DONE)
    settings.remove(KEY_FILE_SETTING)  # no identity yet (other tests may have made one)
    window = _window(qtbot, workspace)
    key_path = tmp_path / "my.key"
    passphrase = "a passphrase long enough"

    def answer(wizard: QDialog) -> None:
        assert isinstance(wizard, FirstRunWizard)
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        QTest.keyClicks(wizard.about.name, "Dana Smith")
        QTest.keyClicks(wizard.about.email, "dana@example.org")
        QTest.mouseClick(next_button, Qt.MouseButton.LeftButton)
        assert wizard.currentPage() is wizard.identity
        form = wizard.identity.form
        form.path.setText(str(key_path))
        QTest.keyClicks(form.passphrase, passphrase)
        QTest.keyClicks(form.again, passphrase + "!")
        QTest.mouseClick(next_button, Qt.MouseButton.LeftButton)
        assert wizard.currentPage() is wizard.identity  # typed differently: stays
        assert "differ" in form.error.text()
        form.again.clear()
        QTest.keyClicks(form.again, passphrase)
        keep_screenshot(wizard, "first-run-setup")
        QTest.mouseClick(next_button, Qt.MouseButton.LeftButton)
        assert wizard.currentPage() is wizard.first
        QTest.keyClicks(wizard.first.title_edit, "Spring, grade 5")
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        QTest.mouseClick(finish, Qt.MouseButton.LeftButton)

    answered = answer_next_dialog(answer)
    try:
        QTest.mouseClick(window.welcome.cards[1].start_button, Qt.MouseButton.LeftButton)
        answered.check()
        assert answered
        assert load_profile().name == "Dana Smith"
        read_key_file(key_path, passphrase)
        [summary] = list_submissions(workspace)
        assert summary.submission.credential_id == window.welcome.cards[1].credential.id
        assert window.detail is not None and window.detail.submission.title == "Spring, grade 5"
        assert settings.value(SETUP_DONE, False, type=bool)
    finally:
        settings.remove(SETUP_DONE)
        settings.remove(KEY_FILE_SETTING)

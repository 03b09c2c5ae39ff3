"""Pathways in the Credentials view: progress in words, a signed request, the credential back."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt

from evidencekit.bundle.signing.did_key import did_for
from evidencekit.bundle.signing.identity import TrustStore, write_key_file
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.runner import operations
from evidencekit.gui.views import pathway_panel, wallet_view
from evidencekit.gui.views.wallet_view import WalletView
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.services.recognition import issue_pathway
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace
from tests.gui.waiting import wait_until_idle
from tests.services.test_pathway_credential import EVALUATOR, PATHWAY, TEACHER, hold

PASSPHRASE = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())  # key files only, as on a headless school laptop


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "teacher.key"
    write_key_file(path, TEACHER, PASSPHRASE)
    return path


def _view(qtbot, workspace: Workspace) -> WalletView:
    view = WalletView(workspace)
    qtbot.addWidget(view)
    view.show()
    return view


def _sign_with(monkeypatch: pytest.MonkeyPatch, key_file: Path, passphrase: str) -> list[str]:
    """The signer dialog, filled in and confirmed as the teacher would; the problems it showed."""
    problems: list[str] = []

    def exec_(dialog: SignerDialog) -> int:
        dialog.identity.use_file.setChecked(True)
        dialog.identity.key_file.setText(str(key_file))
        dialog.identity.passphrase.setText(passphrase)
        dialog.accept()
        problems.append(dialog.error.text())
        return dialog.result()

    monkeypatch.setattr(SignerDialog, "exec", exec_)
    return problems


def _finish(qtbot) -> None:
    assert not operations().is_idle()  # the click started something
    wait_until_idle(qtbot)


def test_an_incomplete_pathway_names_what_is_missing(qtbot, workspace: Workspace) -> None:
    hold(workspace, "checking-for-understanding")
    view = _view(qtbot, workspace)
    label, button = view.pathways.rows[PATHWAY]
    assert label.text() == (
        "Formative Assessment Leader: 1 of 2 credentials — still missing: Data Literacy"
    )
    assert not button.isEnabled()
    assert button.toolTip() == "Still missing: Data Literacy"

    hold(workspace, "data-literacy")
    view.reload()  # what the main window does when the Credentials tab is shown
    label, button = view.pathways.rows[PATHWAY]
    assert label.text().startswith("Formative Assessment Leader: all 2 credentials")
    assert button.isEnabled()


def test_request_issue_and_import_the_pathway_credential(
    qtbot, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, key_file: Path, tmp_path: Path
) -> None:
    hold(workspace, "checking-for-understanding", "data-literacy")
    view = _view(qtbot, workspace)
    _label, button = view.pathways.rows[PATHWAY]
    assert button.accessibleName() == "Request the “Formative Assessment Leader” pathway credential"

    _sign_with(monkeypatch, key_file, PASSPHRASE)
    suggested: list[str] = []
    chosen = tmp_path / "my-request"  # the suffix is added when the user leaves it out

    def save_as(_parent, _caption, default, _filter):
        suggested.append(Path(default).name)
        return str(chosen), ""

    monkeypatch.setattr(pathway_panel.QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _finish(qtbot)
    written = tmp_path / "my-request.json"
    assert suggested == [f"{PATHWAY}-request.json"]
    assert str(written) in view.pathways.result.text()
    assert "Send this file to your evaluator" in view.pathways.result.text()

    issued = issue_pathway(
        workspace_catalog(workspace),
        written.read_bytes(),
        EVALUATOR,
        {fingerprint(EVALUATOR.public_key())},
    )
    assert issued["credentialSubject"]["id"] == did_for(TEACHER.public_key())

    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")
    sent_back = tmp_path / "pathway.json"
    sent_back.write_text(json.dumps(issued))
    monkeypatch.setattr(
        wallet_view.QFileDialog, "getOpenFileName", lambda *_args: (str(sent_back), "")
    )
    before = view.model.rowCount()
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    _finish(qtbot)
    assert view.model.rowCount() == before + 1
    assert view.model.index(before, 0).data() == "Formative Assessment Leader"
    assert view.result.text() == "Added “Formative Assessment Leader” to your wallet."
    label, button = view.pathways.rows[PATHWAY]  # rebuilt: the pathway is now earned
    assert label.text() == "Formative Assessment Leader: earned — it is in your wallet."
    assert not button.isVisibleTo(view)


def test_a_wrong_passphrase_keeps_the_signer_dialog_open(
    qtbot, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, key_file: Path
) -> None:
    hold(workspace, "checking-for-understanding", "data-literacy")
    view = _view(qtbot, workspace)
    problems = _sign_with(monkeypatch, key_file, "not the passphrase")
    saved: list[object] = []
    monkeypatch.setattr(
        pathway_panel.QFileDialog, "getSaveFileName", lambda *args: saved.append(args)
    )
    qtbot.mouseClick(view.pathways.rows[PATHWAY][1], Qt.MouseButton.LeftButton)
    assert operations().is_idle() and saved == []
    [problem] = problems
    assert "passphrase" in problem


def test_the_evaluator_issues_the_pathway_credential_from_the_review_menu(
    qtbot, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, tmp_path: Path
) -> None:
    from evidencekit.gui.main_window.window import MainWindow
    from evidencekit.services.wallet import pathway_request

    hold(workspace, "checking-for-understanding", "data-literacy")
    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")
    request = tmp_path / f"{PATHWAY}-request.json"
    request.write_bytes(pathway_request(workspace, PATHWAY, TEACHER))
    evaluator_key = tmp_path / "evaluator.key"
    write_key_file(evaluator_key, EVALUATOR, PASSPHRASE)

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    suggested: list[str] = []

    def save_as(_parent, _title, default, _filter):
        suggested.append(Path(default).name)
        return str(tmp_path / "issued.json"), ""

    monkeypatch.setattr(
        pathway_panel.QFileDialog, "getOpenFileName", lambda *_a: (str(request), "")
    )
    monkeypatch.setattr(pathway_panel.QFileDialog, "getSaveFileName", save_as)
    asked: list[SignerDialog] = []
    window.bundles.signerAsked.connect(asked.append)
    window.issue_pathway_action.trigger()
    [dialog] = asked
    dialog.identity.use_file.setChecked(True)
    dialog.identity.key_file.setText(str(evaluator_key))
    dialog.identity.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.bundles.pathwayIssued, timeout=30_000) as issued:
        dialog.accept()
    assert suggested == [f"{PATHWAY}-credential.json"]
    document = json.loads(Path(issued.args[0]).read_text("utf-8"))
    assert document["credentialSubject"]["id"] == did_for(TEACHER.public_key())
    assert "send it back to the teacher" in window.statusBar().currentMessage()


def test_a_request_from_an_untrusted_evaluator_chain_is_refused_in_words(
    qtbot, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from evidencekit.gui.main_window.window import MainWindow
    from evidencekit.services.wallet import pathway_request

    hold(workspace, "checking-for-understanding", "data-literacy")  # Eva is not trusted here
    request = tmp_path / "request.json"
    request.write_bytes(pathway_request(workspace, PATHWAY, TEACHER))
    evaluator_key = tmp_path / "evaluator.key"
    write_key_file(evaluator_key, EVALUATOR, PASSPHRASE)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    monkeypatch.setattr(
        pathway_panel.QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "x.json"), "")
    )
    asked: list[SignerDialog] = []
    window.bundles.signerAsked.connect(asked.append)
    window.bundles.issue_pathway(request)
    [dialog] = asked
    dialog.identity.use_file.setChecked(True)
    dialog.identity.key_file.setText(str(evaluator_key))
    dialog.identity.passphrase.setText(PASSPHRASE)
    dialog.accept()
    _finish(qtbot)
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "trust" in box.text().lower()
    assert not (tmp_path / "x.json").exists()

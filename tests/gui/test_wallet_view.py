"""The Credentials view: list the wallet, export every form, check offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableView

from evidencekit.bundle.credentials.credential_check import check_credential
from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.views.wallet_view import HolderDialog, WalletModel, WalletView
from evidencekit.services.holder import HolderProfile, load_profile, save_profile
from evidencekit.services.wallet import keep, list_credentials, verify_file
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace
from tests.bundle.test_credential_tamper import EVALUATOR, issued


@pytest.fixture
def held(workspace: Workspace) -> Workspace:
    with workspace.unit_of_work() as session:
        keep(session, check_credential(issued()), None)
    return workspace


@pytest.fixture
def view(qtbot, held: Workspace) -> WalletView:
    widget = WalletView(held)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_wallet_model_passes_the_model_tester(qtmodeltester, held: Workspace) -> None:
    model = WalletModel()
    model.set_entries(list_credentials(held))
    qtmodeltester.check(model)


def test_every_control_has_an_accessible_name(view: WalletView) -> None:
    for kind in (QPushButton, QComboBox, QLabel, QTableView):
        for widget in view.findChildren(kind):
            assert widget.accessibleName(), widget


def test_list_export_and_check(qtbot, view: WalletView, tmp_path: Path) -> None:
    assert view.model.rowCount() == 1 and view.empty.isHidden()
    assert view.model.index(0, 0).data().startswith("Checking for Understanding")
    assert not view.check_button.isEnabled()  # nothing chosen yet
    view.table.selectRow(0)
    assert view.check_button.isEnabled()

    save_profile(HolderProfile("Ana Ruiz", ""))
    view.paper.setCurrentIndex(1)  # Letter
    for suffix in (".png", ".svg", ".json", ".pdf"):
        operation = view.export(suffix, tmp_path / "badge")
        with qtbot.waitSignal(operation.done, timeout=30_000):
            pass
        written = tmp_path / f"badge{suffix}"
        assert view.result.text() == f"Saved {written}."
        if suffix == ".pdf":
            assert written.read_bytes().startswith(b"%PDF")
        else:
            assert verify_file(written).checked.title.startswith("Checking for Understanding")

    operation = view.check()
    with qtbot.waitSignal(operation.done, timeout=30_000):
        pass
    assert view.result.text().startswith("✘") and "not trusted" in view.result.text()
    TrustStore(trust_store_path()).add(EVALUATOR.public_key(), "Eva", "evaluator")
    operation = view.check()
    with qtbot.waitSignal(operation.done, timeout=30_000):
        pass
    assert view.result.text().startswith("✔ Valid: signed by Eva Lindqvist")


def test_details_dialog_saves_name_and_email(qtbot, view: WalletView) -> None:
    dialog = view.edit_details()
    assert isinstance(dialog, HolderDialog)
    dialog.name.setText("Ana Ruiz")
    dialog.email.setText("ana@school.example")
    dialog.accept()
    assert load_profile() == HolderProfile("Ana Ruiz", "ana@school.example")


def test_credentials_view_is_reachable_from_the_view_menu(qtbot, held: Workspace) -> None:
    window = MainWindow(held)
    qtbot.addWidget(window)
    window.show()
    view_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"
    )
    entry = next(a for a in view_menu.actions() if a.text().replace("&", "") == "Credentials")
    entry.trigger()
    assert window.tabs.currentWidget() is window.wallet_view
    assert window.wallet_view.model.rowCount() == 1

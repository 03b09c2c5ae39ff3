from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from evidencekit.gui.dialogs.small import NewSubmissionDialog
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.services.catalogs import starter_catalog
from evidencekit.services.evidence import set_attestation
from evidencekit.services.submissions import create_submission
from evidencekit.storage.workspace import Workspace
from tests.gui.waiting import wait_until_idle

CFU = "checking-for-understanding"


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:
    create_submission(workspace, CFU, None, "Spring term")
    create_submission(workspace, "data-literacy", None, "Data unit")
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.show()
    return win


def test_window_shows_credentials_units_and_submissions(window: MainWindow) -> None:
    catalog = window.catalog_model
    titles = [catalog.index(r, 0).data() for r in range(catalog.rowCount())]
    assert "Checking for Understanding" in titles
    cfu = catalog.index(titles.index("Checking for Understanding"), 0)
    assert catalog.rowCount(cfu) == 3
    assert window.submission_proxy.rowCount() == 2


def test_selecting_a_submission_shows_its_checklist(window: MainWindow) -> None:
    window.select_submission(1)
    assert window.detail is not None and window.detail.submission.title == "Spring term"
    checklist = window.checklist
    assert checklist.topLevelItemCount() == 3  # one row per unit
    unit = checklist.topLevelItem(0)
    statuses = {unit.child(i).text(1) for i in range(unit.childCount())}
    assert statuses == {"Not yet"}
    assert "things still to do" in window.detail_title.text()


def test_checklist_follows_changes(window: MainWindow, workspace: Workspace) -> None:
    credential = starter_catalog().get(CFU)
    attest = next(s for s in credential.units[0].slots if s.kind == "attestation")
    window.select_submission(1)
    set_attestation(workspace, 1, attest.id)
    window.refresh()
    unit = window.checklist.topLevelItem(0)
    row = next(
        unit.child(i) for i in range(unit.childCount()) if unit.child(i).text(0) == attest.title
    )
    assert row.text(1) == "Met"


def test_choosing_a_credential_filters_submissions(window: MainWindow) -> None:
    catalog = window.catalog_model
    for r in range(catalog.rowCount()):
        if catalog.index(r, 0).data() == "Data Literacy":
            window.catalog_view.setCurrentIndex(catalog.index(r, 0))
    assert window.submission_proxy.rowCount() == 1
    assert window.submission_proxy.index(0, 1).data() == "Data unit"


def test_new_submission_dialog(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    def accept(dialog: QDialog) -> int:
        dialog.title.setText("Autumn")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewSubmissionDialog, "exec", accept)
    window.new_action.trigger()
    assert window.submission_model.rowCount() == 3
    assert window.detail is not None and window.detail.submission.title == "Autumn"


def test_about_dialog(window: MainWindow, qtbot) -> None:
    window.about_action.trigger()
    [box] = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert "EvidenceKit" in box.text()
    box.close()


def test_demo_action_runs_off_the_gui_thread(window: MainWindow, qtbot) -> None:
    window.demo_action.trigger()
    wait_until_idle(qtbot, timeout=60_000)
    assert window.submission_model.rowCount() == 3
    assert window.detail is not None and window.detail.blocking == []


@pytest.mark.slow
def test_self_test_exits_0_offscreen(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "evidencekit", "--self-test"],
        capture_output=True,
        text=True,
        timeout=180,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[ok] catalog loaded" in result.stdout
    assert "[ok] demo submission complete" in result.stdout
    assert "[ok] bundle verified: signature trusted" in result.stdout
    assert "[ok] portfolio PDF rendered" in result.stdout

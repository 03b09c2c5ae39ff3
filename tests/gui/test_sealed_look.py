"""After sealing, the header says where the attempt stands and the work looks read-only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.services.packing import pack_submission
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION
from tests.gui.clicks import click_requirement


def test_sealed_work_reads_as_sealed(qtbot, demo_workspace: Workspace, tmp_path: Path) -> None:
    pack_submission(
        demo_workspace, DEMO_SUBMISSION, tmp_path / "s.evkit", Ed25519PrivateKey.generate()
    )
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.select_submission(DEMO_SUBMISSION)
    day = datetime.now().astimezone()
    assert f"Sealed {day.day} {day:%b}, waiting for review" in window.detail_title.text()
    assert "Ready to pack" not in window.detail_title.text()

    click_requirement(window, "q-reflection")
    editor = window.slot_panel.editor
    assert editor.text.isReadOnly()
    assert not editor.bold_action.isEnabled() and not editor.save_action.isEnabled()
    before = editor.text.toPlainText()
    QTest.mouseClick(editor.text.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClicks(editor.text, "more")
    assert editor.text.toPlainText() == before

    click_requirement(window, "q-clip")
    detail = window.slot_panel.detail
    assert detail.evidence is not None
    assert not detail.remove_button.isEnabled() and not detail.trim_button.isEnabled()
    assert detail.play_button.isEnabled()

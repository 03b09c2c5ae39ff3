"""Estimated effort on the welcome cards and the credential overview: the catalog's own
figure when it states one, nothing when it does not."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.views.credential_overview import CredentialOverview
from evidencekit.services.catalogs import import_catalog_file
from evidencekit.storage.workspace import Workspace
from tests.catalog.test_loader import document


def _window(qtbot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _overview_text(qtbot, card) -> str:
    QTest.mouseClick(card.overview_button, Qt.MouseButton.LeftButton)
    [overview] = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, CredentialOverview) and w.isVisible()
    ]
    text = overview.text.toPlainText()
    overview.close()
    return text


def test_the_cards_and_the_overview_show_the_effort_the_catalog_states(
    qtbot, workspace: Workspace
) -> None:
    window = _window(qtbot, workspace)
    cards = {card.credential.id: card for card in window.welcome.cards}
    card = cards["checking-for-understanding"]
    assert card.effort.isVisible()
    assert card.effort.text() == (
        "<b>Estimated effort:</b> about 19 hours in all (estimate by EvidenceKit Starter Catalog)"
    )
    assert "about 22 hours" in cards["data-literacy"].effort.text()
    text = _overview_text(qtbot, card)
    assert "Estimated effort: about 19 hours in all" in text
    assert text.count("Estimated effort: about 6 hours") == 2  # two of its units
    assert "Estimated effort: about 7 hours" in text


def test_a_credential_whose_catalog_states_no_effort_shows_none(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "district.json"
    path.write_text(json.dumps(document()), encoding="utf-8")
    import_catalog_file(workspace, path)
    window = _window(qtbot, workspace)
    [card] = [c for c in window.welcome.cards if c.credential.id == "district-cfu"]
    assert card.credential.estimated_hours is None
    assert not card.effort.isVisible()
    assert "hours" not in " ".join(label.text() for label in card.findChildren(type(card.effort)))
    assert "ffort" not in _overview_text(qtbot, card)

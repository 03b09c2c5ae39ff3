"""One type scale and one spacing scale (gui/theme.py) on the teacher's first screens."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLayout

from evidencekit.gui import theme
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.views.credential_overview import CredentialOverview
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION

SPACINGS = {0, theme.SPACE_TIGHT, theme.SPACE, theme.SPACE_PAGE}


def _size(role: str) -> float:
    return QGuiApplication.font().pointSizeF() * theme.TYPE_SCALE[role]


def _own_layouts(widget) -> list[QLayout]:
    return [widget.layout(), *widget.layout().findChildren(QLayout)]


def test_welcome_title_and_card_titles_are_on_the_scale(qtbot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    [heading] = [
        label
        for label in window.welcome.findChildren(QLabel)
        if label.text() == "Welcome to EvidenceKit"
    ]
    assert heading.font().pointSizeF() == pytest.approx(_size("title"))
    for card in window.welcome.cards:
        [title] = [
            label for label in card.findChildren(QLabel) if label.text() == card.credential.title
        ]
        assert title.font().pointSizeF() == pytest.approx(_size("heading"))
        for layout in _own_layouts(card):
            assert layout.spacing() in SPACINGS
            margins = layout.contentsMargins()
            assert {margins.left(), margins.top(), margins.right(), margins.bottom()} <= SPACINGS


def test_overview_dashboard_and_requirement_card_headings_share_the_scale(
    qtbot, demo_workspace: Workspace
) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    window.select_submission(DEMO_SUBMISSION)
    window.show_credential(window.detail.credential.id)
    [overview] = [w for w in QApplication.topLevelWidgets() if isinstance(w, CredentialOverview)]
    css = overview.text.document().defaultStyleSheet()
    assert f"h2 {{ font-size: {_size('title'):.1f}pt" in css
    assert f"h3 {{ font-size: {_size('heading'):.1f}pt" in css
    overview.close()

    window.checklist.select_slot("q-reflection")
    assert f"font-size:{_size('heading'):.1f}pt" in window.slot_panel.card.title.text()
    window.tabs.setCurrentWidget(window.dashboard)  # drawn when shown
    QApplication.processEvents()
    [progress_card] = window.dashboard.card_list
    titles = [label.text() for label in progress_card.findChildren(QLabel)]
    assert any(f"font-size:{_size('heading'):.1f}pt" in text for text in titles)
    assert window.dashboard.grid.spacing() in SPACINGS

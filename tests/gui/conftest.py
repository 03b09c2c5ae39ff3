"""GUI fixtures shared by the window tests and the journeys; GUI tests run with the app's
English catalog, as the app does (plural forms)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings

from evidencekit.gui.theme import THEME_SETTING, applied_theme, apply_theme
from evidencekit.gui.translations import install
from tests.gui.dialog_answers import DialogCanceller


@pytest.fixture(autouse=True, scope="session")
def _english_catalog(qapp) -> None:
    install(qapp)


@pytest.fixture
def cancel_dialogs(qapp) -> Iterator[DialogCanceller]:
    """Every dialog that opens is cancelled at once, as with Escape."""
    canceller = DialogCanceller()
    yield canceller
    canceller.stop()


@pytest.fixture(autouse=True)
def _system_theme_after(qapp) -> Iterator[None]:
    """A test that chose View ▸ Theme (test_every_action presses them all) leaves the
    next one on the system look, with no theme saved."""
    yield
    if QSettings().contains(THEME_SETTING) or applied_theme() != "system":
        QSettings().remove(THEME_SETTING)
        apply_theme("system")

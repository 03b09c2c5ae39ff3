"""GUI fixtures shared by the window tests and the journeys; GUI tests run with the app's
English catalog, as the app does (plural forms)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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

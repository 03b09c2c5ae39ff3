"""GUI tests run with the app's English catalog, as the app does (plural forms)."""

from __future__ import annotations

import pytest

from evidencekit.gui.translations import install


@pytest.fixture(autouse=True, scope="session")
def _english_catalog(qapp) -> None:
    install(qapp)

"""GUI fixtures shared by the window tests and the journeys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.gui.dialog_answers import DialogCanceller


@pytest.fixture
def cancel_dialogs(qapp) -> Iterator[DialogCanceller]:
    """Every dialog that opens is cancelled at once, as with Escape."""
    canceller = DialogCanceller()
    yield canceller
    canceller.stop()

"""Waiting for the app's background work the way the app itself knows it: the registry."""

from __future__ import annotations

from evidencekit.gui.runner import operations


def wait_until_idle(qtbot, timeout: int = 30_000) -> None:
    """Until every running operation has ended and delivered its result."""
    if operations().is_idle():
        return
    with qtbot.waitSignal(operations().idle, timeout=timeout):
        pass

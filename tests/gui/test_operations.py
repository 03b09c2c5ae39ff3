"""One registry owns the running work: tests wait for it to be idle, closing cancels all."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QDialog

from evidencekit.domain.errors import Cancelled
from evidencekit.domain.tasks import Reporter
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.runner import Operation, operations
from evidencekit.services.submissions import list_submissions
from evidencekit.storage.workspace import Workspace


def test_waiting_for_idle_instead_of_private_attributes(qtbot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(operations().idle, timeout=120_000):
        window.demo_action.trigger()
        assert not operations().is_idle()
    assert operations().is_idle()
    assert len(list_submissions(workspace)) == 1


def test_closing_the_window_cancels_every_running_operation(qtbot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    stopped: list[str] = []

    def until_cancelled(reporter: Reporter) -> None:
        while not reporter.cancel.cancelled:
            time.sleep(0.01)
        raise Cancelled()

    for name in ("first", "second"):
        Operation(
            window, name, until_cancelled, lambda _r: None, lambda exc, n=name: stopped.append(n)
        )
    assert len(operations().running()) == 2
    with qtbot.waitSignal(operations().idle, timeout=10_000):
        window.close()
    assert sorted(stopped) == ["first", "second"]


def test_a_closing_dialog_cancels_only_its_own_operations(qtbot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    dialog = QDialog(window)
    stopped: list[str] = []

    def until_cancelled(reporter: Reporter) -> None:
        while not reporter.cancel.cancelled:
            time.sleep(0.01)
        raise Cancelled()

    for owner, name in ((window, "window's"), (dialog, "dialog's")):
        Operation(
            owner, name, until_cancelled, lambda _r: None, lambda exc, n=name: stopped.append(n)
        )
    assert [op.parent() for op in operations().running(owner=dialog)] == [dialog]
    operations().cancel_all(owner=dialog)
    qtbot.waitUntil(lambda: stopped == ["dialog's"], timeout=10_000)
    assert not operations().is_idle() and operations().is_idle(owner=dialog)
    with qtbot.waitSignal(operations().idle, timeout=10_000):
        operations().cancel_all()
    assert stopped == ["dialog's", "window's"]


def test_switching_workspace_waits_for_workers_to_leave_the_old_one(
    qtbot, workspace: Workspace, tmp_path, monkeypatch
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    left: list[str] = []

    def slow_to_stop(reporter: Reporter) -> None:
        while not reporter.cancel.cancelled:
            time.sleep(0.01)
        time.sleep(0.3)  # still inside its work (say, a database write) after Cancel
        left.append("left")
        raise Cancelled()

    Operation(window, "slow", slow_to_stop, lambda _r: None, lambda _exc: None)
    other = tmp_path / "other-workspace"
    other.mkdir()
    monkeypatch.setattr(
        "evidencekit.gui.main_window.window.QFileDialog.getExistingDirectory",
        lambda *a, **k: str(other),
    )
    window.open_action.trigger()
    assert left == ["left"]  # the old workspace was closed only after the worker left
    with qtbot.waitSignal(operations().idle, timeout=10_000):
        pass
    window.workspace.close()

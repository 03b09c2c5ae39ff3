"""Every action of every window, pressed once, with any dialog it opens cancelled.

An exception in a slot fails the test (pytest-qt's capture, see tests/conftest.py),
and so does a bug the window caught and showed as "Something went wrong"."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow

from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.domain.review import ReviewerRole
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.review.review_window import ReviewWindow
from evidencekit.gui.views.roster_view import RosterView
from evidencekit.services.packing import pack_submission
from evidencekit.services.review_sessions import open_for_review
from evidencekit.services.submissions import create_submission
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace
from tests.bundle.pack_fixtures import TEACHER
from tests.gui.dialog_answers import DialogCanceller

CLOSING = ("&Quit", "&Close")
REVIEWER = Ed25519PrivateKey.from_private_bytes(bytes(range(3, 35)))


def _press_every_action(qtbot, window: QMainWindow, canceller: DialogCanceller) -> list[str]:
    before = set(QApplication.topLevelWidgets())
    actions = [a for a in window.findChildren(QAction) if a.text() and not a.menu()]
    # Closing the window goes last, so every other action still has a window to act on.
    actions.sort(key=lambda a: a.text() in CLOSING)
    pressed = []
    for action in actions:
        # An earlier action may have rebuilt a menu (the recent workspaces) and its actions.
        if not shiboken6.isValid(action) or not action.isEnabled():
            continue
        pressed.append(action.text())
        action.trigger()
        qtbot.wait(60)
        qtbot.waitUntil(
            lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=60_000
        )
        qtbot.wait(60)  # results delivered, their dialogs cancelled
        for opened in set(QApplication.topLevelWidgets()) - before:
            if isinstance(opened, QMainWindow) and opened is not window and opened.isVisible():
                opened.close()
    assert not canceller.bugs_shown(), canceller.bugs_shown()
    return pressed


def test_every_main_window_action(qtbot, workspace: Workspace, cancel_dialogs) -> None:
    create_submission(workspace, "checking-for-understanding", None, "Spring term")
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.select_submission(1)
    pressed = _press_every_action(qtbot, window, cancel_dialogs)
    for expected in ("&Seal submission…", "&Review a bundle as evaluator…", "&Quit"):
        assert expected in pressed
    assert len(pressed) > 20


def test_every_review_window_action(
    qtbot, demo_workspace: Workspace, tmp_path: Path, cancel_dialogs
) -> None:
    bundle = pack_submission(demo_workspace, 1, tmp_path / "demo.evkit", TEACHER).path
    TrustStore(trust_store_path()).add(TEACHER.public_key(), "Tess", "teacher")
    for role in (ReviewerRole.EVALUATOR, ReviewerRole.COACH):
        session = open_for_review(demo_workspace, bundle, role, REVIEWER)
        window = ReviewWindow(demo_workspace, session)
        qtbot.addWidget(window)
        window.show()
        pressed = _press_every_action(qtbot, window, cancel_dialogs)
        for expected in ("&Export the return file…", "Export this clip's comments…", "&Close"):
            assert expected in pressed
        titles = [d.title for d in cancel_dialogs.seen]
        # The exports opened their dialogs (before the fix, the signal's bool crashed them).
        assert "Save the return file" in titles and "Export comments" in titles
        cancel_dialogs.seen.clear()


def test_attach_form_button_asks_for_the_scan(qtbot, workspace: Workspace, cancel_dialogs) -> None:
    view = RosterView(workspace)
    qtbot.addWidget(view)
    view.show()
    qtbot.keyClicks(view.name, "Ada")
    QTest.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    view.table.selectRow(0)
    QTest.mouseClick(view.form_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(cancel_dialogs.seen))
    assert cancel_dialogs.seen[0].title == "Signed consent form for Ada"

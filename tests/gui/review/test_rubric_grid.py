"""The evaluator's rubric grid, and a review window that fits the screen and remembers its size."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from evidencekit.domain.review import ReviewerRole
from evidencekit.gui.review.review_window import ReviewWindow
from evidencekit.services.packing import pack_submission
from evidencekit.services.review_sessions import load_session, open_for_review
from evidencekit.storage.workspace import Workspace

TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
EVALUATOR = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))


@pytest.fixture
def window(qtbot, tmp_path: Path, demo_workspace: Workspace) -> ReviewWindow:
    bundle = pack_submission(demo_workspace, 1, tmp_path / "demo.evkit", TEACHER).path
    session = open_for_review(demo_workspace, bundle, ReviewerRole.EVALUATOR, EVALUATOR)
    win = ReviewWindow(demo_workspace, session)
    qtbot.addWidget(win)
    win.show()
    return win


def test_every_descriptor_rule_and_reason_is_in_view(qtbot, window: ReviewWindow) -> None:
    rubric = window.rubric
    assert rubric is not None
    credential = window.session.credential
    unit = credential.unit(window.review.units[0])
    criterion = unit.rubric.criteria[0]
    key = (unit.id, criterion.id)
    shown = {level: cell.text.text() for level, cell in rubric.cells[key].items()}
    assert shown == {lvl.id: criterion.descriptors[lvl.id] for lvl in unit.rubric.levels}
    rules = [w.text() for w in rubric.findChildren(type(rubric.decision)) if "Passes" in w.text()]
    assert len(rules) == len(window.review.units)
    assert "not yet possible" in rubric.decision.text()

    # A click anywhere on a cell chooses that level; every criterion at the top: earned.
    top = unit.rubric.levels[-1].id
    for unit_id in window.review.units:
        for crit in credential.unit(unit_id).rubric.criteria:
            cell = rubric.cells[(unit_id, crit.id)][top]
            QTest.mouseClick(cell, Qt.MouseButton.LeftButton, pos=QPoint(5, cell.height() - 5))
    assert "Earned" in rubric.decision.text()
    assert rubric.unit_decisions[unit.id].text().startswith("<b>Earned</b>:")
    # One criterion at the bottom: not yet, and the reason names it.
    low = unit.rubric.levels[0]
    QTest.mouseClick(rubric.cells[key][low.id].radio, Qt.MouseButton.LeftButton)
    reason = rubric.unit_decisions[unit.id].text()
    assert reason.startswith("<b>Not yet</b>") and criterion.title in reason
    assert "Not yet" in rubric.decision.text()

    qtbot.keyClicks(rubric.summary, "Strong questioning; plan the wait.")
    saved = load_session(window.workspace, window.session.draft_id).review
    assert saved.summary == "Strong questioning; plan the wait."
    assert len(saved.scores) == sum(
        len(credential.unit(u).rubric.criteria) for u in window.review.units
    )


def test_the_window_fits_the_screen_and_remembers_its_size(
    qtbot, window: ReviewWindow, workspace: Workspace
) -> None:
    room = window.screen().availableGeometry()
    assert room.contains(window.frameGeometry())
    window.resize(room.width() - 40, room.height() - 60)
    window.splitter.setSizes([100, 300, 300])
    sizes = window.splitter.sizes()
    window.close()
    again = ReviewWindow(workspace, load_session(workspace, window.session.draft_id))
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (room.width() - 40, room.height() - 60)
    assert again.splitter.sizes() == sizes

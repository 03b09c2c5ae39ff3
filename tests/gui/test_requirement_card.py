"""Above every requirement: the full instruction, the limits with how far she is, and the
rubric criteria that will judge it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidencekit.gui.main_window.window import MainWindow
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION
from tests.gui.clicks import click_requirement
from tests.gui.screens import keep_screenshot


def test_the_card_shows_instruction_live_limits_and_criteria(
    qtbot, demo_workspace: Workspace
) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()  # the first show fits the window to the (small) offscreen screen
    window.resize(1280, 800)  # then a desktop-sized window for the screenshot
    window.select_submission(DEMO_SUBMISSION)
    detail = window.detail
    assert detail is not None
    unit, clip_slot = detail.credential.find_slot("q-clip", detail.submission.unit_id)
    click_requirement(window, "q-clip")
    card = window.slot_panel.card
    assert card.isVisible()
    assert clip_slot.description in card.text.text()  # the whole instruction, not cut
    limits = card.limits.text()
    clips = [e for e in detail.evidence if e.slot_id == "q-clip"]
    assert f"{len(clips)} of {clip_slot.max_clips} clip" in limits
    if clip_slot.max_mb_per_file:
        assert f"of {round(clip_slot.max_mb_per_file)} MB per file" in limits
    for criterion in unit.rubric.criteria:
        assert criterion.title in card.names.text()
    assert not card.criteria_box.isVisible()
    QTest.mouseClick(card.judged, Qt.MouseButton.LeftButton)
    assert card.criteria_box.isVisible()
    first = unit.rubric.criteria[0]
    assert any(d in card.criteria.text() for d in first.descriptors.values())
    keep_screenshot(window, "requirement-card")

    _, essay = detail.credential.find_slot("q-reflection", detail.submission.unit_id)
    click_requirement(window, essay.id)
    assert essay.prompt in card.text.text()
    assert f"{essay.min_words}–{essay.max_words} words asked" in card.limits.text()

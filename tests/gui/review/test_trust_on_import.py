"""Importing a review from someone unknown asks first; nothing is imported until she trusts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidencekit.domain.review import Comment, ReviewerRole
from evidencekit.gui.dialogs.people_dialogs import TrustDialog
from evidencekit.gui.review.feedback_panel import FeedbackPanel
from evidencekit.services.feedback import feedback_for
from evidencekit.services.packing import pack_submission
from evidencekit.services.people import Me, save_me, trusted_people
from evidencekit.services.review_sessions import export_review, open_for_review
from evidencekit.storage.workspace import Workspace, open_workspace

TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
COACH = Ed25519PrivateKey.from_private_bytes(bytes(range(4, 36)))


def test_a_coach_review_from_a_stranger_asks_before_importing(
    qtbot, tmp_path: Path, demo_workspace: Workspace
) -> None:
    bundle = pack_submission(demo_workspace, 1, tmp_path / "demo.evkit", TEACHER).path
    coach_ws = open_workspace(tmp_path / "coach")
    try:
        save_me(Me("Cora Lind", "", "coach"))  # the coach's name travels in her review
        session = open_for_review(coach_ws, bundle, ReviewerRole.COACH, COACH)
        clip = session.evidence("clip")[0]["path"]
        review = session.review.with_comment(Comment(clip, "strength", "Calm start", at_s=1.0))
        returned = export_review(coach_ws, replace(session, review=review), COACH, tmp_path / "c")
    finally:
        coach_ws.close()

    panel = FeedbackPanel(demo_workspace, 1)
    qtbot.addWidget(panel)
    asked: list[TrustDialog] = []
    panel.trustAsked.connect(asked.append)
    assert panel.import_file(returned) is False
    [dialog] = asked
    assert dialog.name.text() == "Cora Lind" and list(dialog.role_buttons) == ["coach"]
    assert feedback_for(demo_workspace, 1) == []  # nothing imported while she decides
    QTest.mouseClick(dialog.role_buttons["coach"], Qt.MouseButton.LeftButton)
    [person] = trusted_people()
    assert (person.label, person.role) == ("Cora Lind", "coach")
    [feedback] = feedback_for(demo_workspace, 1)
    assert feedback.role is ReviewerRole.COACH and feedback.comments[0].text == "Calm start"

    # What the teacher sees: who said it in which role, at m:ss; a click plays from there.
    [item] = [panel.notes.item(i) for i in range(panel.notes.count())]
    assert item.text().startswith("[Strength] 0:01 · ") and "— Cora Lind (coach)" in item.text()
    assert "Calm start" in item.text()
    assert [panel.by_author.itemText(i) for i in range(panel.by_author.count())] == [
        "Everyone",
        "Cora Lind (coach)",
    ]
    QTest.mouseClick(
        panel.notes.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.notes.visualItemRect(item).center(),
    )
    media = panel.player.media
    qtbot.waitUntil(media.isPlaying, timeout=15_000)
    assert media.position() >= 900  # it started at the comment's moment, not at 0:00

    # She answers the coach under the comment.
    assert panel.reply_button.isEnabled()
    qtbot.keyClicks(panel.reply_text, "Thanks, I will keep the pause")
    QTest.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    assert "↳ You: Thanks, I will keep the pause" in panel.notes.item(0).text()
    assert FeedbackPanel(demo_workspace, 1).notes.item(0).text() == panel.notes.item(0).text()

"""Journey (b): the teacher asks a coach for feedback on an unfinished submission; the
coach trusts her, opens the draft, comments on words of her essay and exports; the
teacher imports, sees who said it, finds the words, replies and sends the reply; the
coach takes the reply in and sees it beside the comment. Three homes; only actions,
clicks, keys and real file dialogs."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from evidencekit.gui.bundle_actions import FeedbackDialog
from evidencekit.gui.dialogs.people_dialogs import TrustDialog
from evidencekit.gui.dialogs.seal_dialog import SealDialog
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.review.review_window import ReviewWindow
from evidencekit.services.packing import pack_submission
from evidencekit.storage.workspace import open_workspace
from tests.conftest import copy_demo
from tests.gui.clicks import click_requirement
from tests.gui.waiting import wait_until_idle
from tests.journeys.driving import (
    FileDialogAnswers,
    Person,
    acting_as,
    click,
    click_row,
    sign_with,
    sign_with_new_key,
    type_into,
    wait_for,
)
from tests.journeys.test_review_journey import about_me, open_app, switch_tab


def double_click_word(view, position: int) -> None:
    """Double-click the word at a character position of a text view, as a person selects it."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    spot = view.cursorRect(cursor).center()
    spot.setX(spot.x() + 2)  # inside the word's first letter, not on its left edge
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)


def test_teacher_coach_teacher_coach_through_the_windows(
    qtbot, people: dict[str, Person], file_dialogs: FileDialogAnswers
) -> None:
    teacher, coach = people["teacher"], people["coach"]
    draft = teacher.documents / "spring-draft.evkit"

    with acting_as(teacher):
        teacher_main = open_app(qtbot, teacher)
        teacher_main.demo_action.trigger()
        qtbot.waitUntil(lambda: teacher_main.submission_proxy.rowCount() == 1, timeout=120_000)
        # The row can show before the demo's last steps (its consent tick): wait for it to end.
        wait_until_idle(qtbot, timeout=120_000)
        click_row(teacher_main.submission_view, teacher_main.submission_proxy.index(0, 1))
        # Not finished yet: she takes back her consent statement, so sealing would refuse.
        click_requirement(teacher_main, "q-consent")
        confirm = teacher_main.slot_panel.attestation.confirm
        assert confirm.isChecked()
        QTest.mouseClick(confirm, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(teacher_main.detail and teacher_main.detail.blocking))

        teacher_main.ask_coach_action.trigger()
        about_me(qtbot, "Tess Ng", "tess@school.example")
        asked = wait_for(qtbot, SealDialog, "Ask a coach for feedback")
        assert not asked.encrypt.isVisible() and not asked.blind.isVisible()
        type_into(asked.target, str(draft))
        sign_with_new_key(asked, teacher.home / "tess.key")
        said = wait_for(qtbot, QMessageBox, timeout=180_000)
        assert "Packed a draft for coaching" in said.text() and draft.is_file()
        click(said.buttons()[0])

    handed = coach.documents / draft.name
    handed.write_bytes(draft.read_bytes())  # sent by e-mail
    returned = coach.documents / "spring-coaching.evkit-review"
    with acting_as(coach):
        coach_main = open_app(qtbot, coach)
        file_dialogs.will_choose(handed)
        coach_main.coach_action.trigger()
        about_me(qtbot, "Cora Lind", "cora@district.example")
        signer = wait_for(qtbot, SignerDialog, "Comment as coach")
        sign_with_new_key(signer, coach.home / "cora.key")
        trust = wait_for(qtbot, TrustDialog)
        type_into(trust.name, "Tess Ng")
        click(trust.role_buttons["teacher"])
        review = wait_for(qtbot, ReviewWindow)
        qtbot.addWidget(review)
        assert "draft for coaching" in review.windowTitle()
        assert review.rubric is None  # a coach comments; nothing is scored
        assert (
            review.comments_pane.draft_note is not None
            and "consent" in review.comments_pane.draft_note.text().lower()
        )

        essay_row = next(
            row
            for row in range(review.evidence_list.count())
            if review.evidence_list.item(row).text().endswith("(text)")
        )
        click_row(review.evidence_list, review.evidence_list.model().index(essay_row, 0))
        qtbot.waitUntil(lambda: review.text_view.toPlainText() != "")
        double_click_word(review.text_view, 3)
        chosen = review.text_view.textCursor().selectedText()
        assert chosen and " " not in chosen
        type_into(review.comments_pane.comment_text, "Which students answered here?")
        QTest.keyClick(
            review.comments_pane.comment_text,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier,
        )
        assert len(review.review.comments) == 1

        file_dialogs.will_choose(returned)
        review.activateWindow()
        QTest.keyClick(review, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        sign = wait_for(qtbot, SignerDialog, "Sign the review")
        sign_with(sign, coach.home / "cora.key")
        qtbot.waitUntil(returned.is_file, timeout=30_000)
        switch_tab(coach_main.tabs, coach_main.reviews_view)
        sent = coach_main.reviews_view.table
        assert (sent.item(0, 0).text(), sent.item(0, 1).text()) == (
            "Sent",
            "Demo — Grade 5 math, spring term (draft for coaching)",
        )

    back = teacher.documents / returned.name
    back.write_bytes(returned.read_bytes())
    answers = teacher.documents / "spring.evkit-replies"
    with acting_as(teacher):
        teacher_main.feedback_action.trigger()
        feedback = wait_for(qtbot, FeedbackDialog)
        panel = feedback.panel
        file_dialogs.will_choose(back)
        click(panel.import_button)
        trust = wait_for(qtbot, TrustDialog)
        assert trust.name.text() == "Cora Lind"
        assert list(trust.role_buttons) == ["coach"]
        click(trust.role_buttons["coach"])
        qtbot.waitUntil(lambda: panel.notes.count() == 1)
        note = panel.notes.item(0).text()
        assert "Cora Lind (coach)" in note and "Which students answered here?" in note

        click_row(panel.notes, panel.notes.model().index(0, 0))
        assert panel.viewer.currentWidget() is panel.essay_view
        assert panel.essay_view.textCursor().selectedText() == chosen  # her own words

        type_into(panel.reply_text, "The same three, I will try cold calling.")
        click(panel.reply_button)
        assert "The same three" in panel.notes.item(0).text()
        file_dialogs.will_choose(answers)
        click(panel.send_button)
        sign = wait_for(qtbot, SignerDialog, "Sign your replies")
        sign_with(sign, teacher.home / "tess.key")
        qtbot.waitUntil(answers.is_file, timeout=30_000)
        feedback.close()
        switch_tab(teacher_main.tabs, teacher_main.reviews_view)
        got = teacher_main.reviews_view.table
        assert (got.item(0, 0).text(), got.item(0, 2).text()) == ("Received", "Coach")
        assert got.item(0, 1).text().endswith("(draft for coaching)")
        teacher_main.close()

    received = coach.documents / answers.name
    received.write_bytes(answers.read_bytes())
    with acting_as(coach):
        file_dialogs.will_choose(received)
        review.import_replies_action.trigger()
        model = review.comments_pane.comment_model
        qtbot.waitUntil(lambda: bool(model.index(0, 3).data()))
        assert model.index(0, 3).data() == "Tess Ng: The same three, I will try cold calling."
        review.close()
        coach_main.close()


def test_an_evaluator_is_told_a_draft_is_not_for_scoring(
    qtbot, people: dict[str, Person], file_dialogs: FileDialogAnswers, demo_template: Path
) -> None:
    """A draft for coaching opened through Review ▸ Review a bundle as evaluator: one
    sentence, and no review window. (The draft is packed beforehand, as the CLI does.)"""
    teacher, evaluator = people["teacher"], people["evaluator"]
    draft = teacher.documents / "draft.evkit"
    with acting_as(teacher):
        workspace = open_workspace(copy_demo(demo_template, teacher.home / "workspace"))
        try:
            pack_submission(workspace, 1, draft, Ed25519PrivateKey.generate(), draft=True)
        finally:
            workspace.close()
    handed = evaluator.documents / draft.name
    handed.write_bytes(draft.read_bytes())
    with acting_as(evaluator):
        main = open_app(qtbot, evaluator)
        file_dialogs.will_choose(handed)
        main.review_action.trigger()
        about_me(qtbot, "Eva Ortiz", "eva@district.example")
        signer = wait_for(qtbot, SignerDialog, "Review as evaluator")
        sign_with_new_key(signer, evaluator.home / "eva.key")
        said = wait_for(qtbot, QMessageBox)
        assert "is a draft for coaching" in said.text() and "cannot be scored" in said.text()
        assert not main.bundles.reviews
        click(said.buttons()[0])
        main.close()

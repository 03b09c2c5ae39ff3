"""Journey (c): the evaluator closes the review halfway, reopens the bundle and finds her
draft — comment and scores — where she left it, and in the Reviews view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontInfo
from PySide6.QtTest import QTest

from evidencekit.bundle.signing.identity import export_public
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.gui.dialogs.people_dialogs import AboutYouDialog, TrustDialog
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.review.review_window import ReviewWindow
from evidencekit.services.packing import pack_submission
from evidencekit.services.people import trusted_people
from evidencekit.storage.workspace import open_workspace
from tests.conftest import copy_demo
from tests.journeys.driving import (
    FileDialogAnswers,
    Person,
    acting_as,
    button,
    click,
    click_row,
    sign_with,
    sign_with_new_key,
    type_into,
    wait_for,
)
from tests.journeys.test_review_journey import open_app, switch_tab
from tests.services.test_review_loop import TEACHER


def test_closing_mid_review_and_coming_back(
    qtbot, people: dict[str, Person], file_dialogs: FileDialogAnswers, demo_template: Path
) -> None:
    teacher, evaluator = people["teacher"], people["evaluator"]
    with acting_as(teacher):  # the bundle she was sent (its making is journey a)
        workspace = open_workspace(copy_demo(demo_template, teacher.home / "workspace"))
        bundle = pack_submission(workspace, 1, evaluator.documents / "spring.evkit", TEACHER)
        workspace.close()
    teacher_key = evaluator.documents / "tess.pub"
    teacher_key.write_text(export_public(TEACHER.public_key(), "Tess Ng"), "utf-8")

    with acting_as(evaluator):
        main = open_app(qtbot, evaluator)
        # She trusts the teacher from the key line Tess sent her, in the People view.
        switch_tab(main.tabs, main.people_view)
        file_dialogs.will_choose(teacher_key)
        click(main.people_view.trust_button)
        trust = wait_for(qtbot, TrustDialog)
        assert list(trust.role_buttons) == ["teacher", "evaluator", "coach"]  # a bare key
        click(trust.role_buttons["teacher"])
        assert [p.fingerprint for p in trusted_people()] == [fingerprint(TEACHER.public_key())]
        shown = main.people_view.table.item(0, 3)
        assert shown.text() == fingerprint(TEACHER.public_key())
        assert QFontInfo(shown.font()).fixedPitch()  # fixed-width, to compare group by group

        def open_bundle(first: bool) -> ReviewWindow:
            file_dialogs.will_choose(bundle.path)
            main.review_action.trigger()
            if first:
                about = wait_for(qtbot, AboutYouDialog)
                type_into(about.name, "Eva Ortiz")
                click(button(about, "Save"))
            signer = wait_for(qtbot, SignerDialog, "Review as evaluator")
            key_file = evaluator.home / "eva.key"
            (sign_with_new_key if first else sign_with)(signer, key_file)
            window = wait_for(qtbot, ReviewWindow)
            qtbot.addWidget(window)
            return window

        review = open_bundle(first=True)
        type_into(review.comments_pane.comment_text, "The pause after question two works")
        QTest.keyClick(
            review.comments_pane.comment_text,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier,
        )
        rubric = review.rubric
        assert rubric is not None
        switch_tab(review.tabs, rubric)
        first_key = next(iter(rubric.cells))
        click(list(rubric.cells[first_key].values())[1].radio)
        [close] = [a for a in review.findChildren(QAction) if a.text() == "&Close"]
        close.trigger()  # Review ▸ Close, mid-review: nothing is exported yet
        qtbot.waitUntil(lambda: not review.isVisible())

        again = open_bundle(first=False)
        assert [c.text for c in again.review.comments] == ["The pause after question two works"]
        assert again.rubric is not None and again.rubric.level_of(first_key) is not None
        again.close()

        switch_tab(main.tabs, main.reviews_view)
        table = main.reviews_view.table
        assert table.rowCount() == 1 and table.item(0, 0).text() == "Draft"
        assert table.item(0, 4).text() == "1"  # her one comment
        click_row(table, table.model().index(0, 0))
        with qtbot.waitSignal(main.bundles.reviewOpened) as reopened:
            click(main.reviews_view.open_button)
        qtbot.addWidget(reopened.args[0])
        assert len(reopened.args[0].review.comments) == 1
        reopened.args[0].close()
        main.close()

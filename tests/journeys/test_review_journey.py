"""Journey (a): the teacher seals; the evaluator trusts her, opens, comments, scores and
exports; the teacher imports, trusts the evaluator, sees the feedback, and the earned
credential and its certificate appear. Three homes; only actions, clicks, keys and
real file dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox, QTabWidget

from evidencekit.gui.bundle_actions import FeedbackDialog
from evidencekit.gui.dialogs.people_dialogs import AboutYouDialog, TrustDialog
from evidencekit.gui.dialogs.seal_dialog import SealDialog
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.review.review_window import ReviewWindow
from evidencekit.storage.workspace import open_workspace
from tests.gui.waiting import wait_until_idle
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


def open_app(qtbot, person: Person) -> MainWindow:
    workspace = open_workspace(person.home / "workspace")
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    return window


def switch_tab(tabs: QTabWidget, widget) -> None:
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(widget)).center())
    assert tabs.currentWidget() is widget


def about_me(qtbot, name: str, email: str) -> None:
    dialog = wait_for(qtbot, AboutYouDialog)
    type_into(dialog.name, name)
    type_into(dialog.email, email)
    click(button(dialog, "Save"))


def teacher_seals(qtbot, teacher: Person, bundle: Path) -> MainWindow:
    main = open_app(qtbot, teacher)
    main.demo_action.trigger()
    qtbot.waitUntil(lambda: main.submission_proxy.rowCount() == 1, timeout=120_000)
    # The row can show before the demo's last steps (its consent tick): wait for it to end.
    wait_until_idle(qtbot, timeout=120_000)
    click_row(main.submission_view, main.submission_proxy.index(0, 1))
    main.seal_action.trigger()
    about_me(qtbot, "Tess Ng", "tess@school.example")  # asked once, before the first seal
    seal = wait_for(qtbot, SealDialog)
    type_into(seal.target, str(bundle))
    sign_with_new_key(seal, teacher.home / "tess.key")
    said = wait_for(qtbot, QMessageBox, timeout=180_000)
    assert "Sealed into" in said.text() and bundle.is_file()
    click(said.buttons()[0])
    return main


def evaluator_reviews(
    qtbot, evaluator: Person, bundle: Path, dialogs: FileDialogAnswers, returned: Path
) -> MainWindow:
    main = open_app(qtbot, evaluator)
    dialogs.will_choose(bundle)
    main.review_action.trigger()
    about_me(qtbot, "Eva Ortiz", "eva@district.example")
    signer = wait_for(qtbot, SignerDialog, "Review as evaluator")
    sign_with_new_key(signer, evaluator.home / "eva.key")
    # Sealed by someone she never trusted: who, the fingerprint, and a choice.
    trust = wait_for(qtbot, TrustDialog)
    assert not main.bundles.reviews  # nothing opened while she decides
    type_into(trust.name, "Tess Ng")
    click(trust.role_buttons["teacher"])
    review = wait_for(qtbot, ReviewWindow)
    qtbot.addWidget(review)
    # The teacher by the name she trusted her under, not by a fingerprint.
    said = review.statusBar().currentMessage()
    assert "sealed by Tess Ng (teacher)." in said, said
    assert review.current is not None and review.current["kind"] == "clip"
    qtbot.waitUntil(lambda: review.player.media.duration() > 0, timeout=30_000)

    type_into(review.comments_pane.comment_text, "Lovely wait time after the hinge question")
    QTest.keyClick(
        review.comments_pane.comment_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert len(review.review.comments) == 1

    rubric = review.rubric
    assert rubric is not None
    switch_tab(review.tabs, rubric)
    for key, cells in rubric.cells.items():
        top = list(cells)[-1]
        click(cells[top].radio)
        type_into(rubric.feedback[key], "Clear evidence of this at the highest level.")
    type_into(rubric.summary, "Well planned questions and a calm, consistent wait.")
    assert "Earned" in rubric.decision.text()

    dialogs.will_choose(returned)
    review.activateWindow()
    QTest.keyClick(review, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    sign = wait_for(qtbot, SignerDialog, "Sign the review")
    sign_with(sign, evaluator.home / "eva.key")
    qtbot.waitUntil(returned.is_file, timeout=30_000)
    assert ("Save the return file", returned) in dialogs.answered
    review.close()
    return main


def test_teacher_evaluator_teacher_through_the_windows(
    qtbot, people: dict[str, Person], file_dialogs: FileDialogAnswers
) -> None:
    teacher, evaluator = people["teacher"], people["evaluator"]
    bundle = teacher.documents / "spring.evkit"
    returned = evaluator.documents / "spring-review.evkit-review"

    with acting_as(teacher):
        teacher_main = teacher_seals(qtbot, teacher, bundle)
    handed = evaluator.documents / bundle.name
    handed.write_bytes(bundle.read_bytes())  # sent by e-mail
    with acting_as(evaluator):
        evaluator_main = evaluator_reviews(qtbot, evaluator, handed, file_dialogs, returned)
        switch_tab(evaluator_main.tabs, evaluator_main.reviews_view)
        assert evaluator_main.reviews_view.table.item(0, 0).text() == "Sent"
        evaluator_main.close()

    back = teacher.documents / returned.name
    back.write_bytes(returned.read_bytes())
    with acting_as(teacher):
        teacher_main.feedback_action.trigger()
        feedback = wait_for(qtbot, FeedbackDialog)
        file_dialogs.will_choose(back)
        click(feedback.panel.import_button)
        trust = wait_for(qtbot, TrustDialog)
        assert trust.name.text() == "Eva Ortiz"  # the name she signed her review with
        words = " ".join(label.text() for label in trust.findChildren(QLabel))
        assert "by someone you have not trusted yet. They signed it as evaluator." in words
        assert list(trust.role_buttons) == ["evaluator"]
        click(trust.role_buttons["evaluator"])
        panel = feedback.panel
        qtbot.waitUntil(lambda: panel.notes.count() == 1)
        assert "Earned" in panel.headline.text()
        note = panel.notes.item(0).text()
        assert "Eva Ortiz (evaluator)" in note and "Lovely wait time" in note
        assert "Attempt 1 met every passing rule" in panel.headline.text()
        assert panel.clip_choice.currentText() == "Questioning in action — q-clip-lesson-1"
        click(button(feedback, "Close"))

        switch_tab(teacher_main.tabs, teacher_main.people_view)
        people_table = teacher_main.people_view.table
        assert people_table.item(0, 0).text() == "Eva Ortiz"
        assert people_table.item(0, 1).text() == "Evaluator"

        wallet = teacher_main.wallet_view
        switch_tab(teacher_main.tabs, wallet)
        qtbot.waitUntil(lambda: wallet.model.rowCount() == 1, timeout=10_000)
        click_row(wallet.table, wallet.model.index(0, 0))
        certificate = teacher.documents / "certificate.pdf"
        file_dialogs.will_choose(certificate)
        click(wallet.pdf_button)
        qtbot.waitUntil(certificate.is_file, timeout=60_000)
        assert certificate.read_bytes().startswith(b"%PDF")
        teacher_main.close()

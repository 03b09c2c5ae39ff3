"""One truth about progress: driven as the teacher drives it (clicks, keys, actions, real
dialogs), the Work tab's header, the submission list, the checklist, the dashboard card
and the pathway view say the same thing after protecting students, while typing, after
sealing and after the review that earns the credential."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox

from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.domain.review import ReviewerRole, Score
from evidencekit.domain.submissions import Clip
from evidencekit.gui.bundle_actions import FeedbackDialog
from evidencekit.gui.dialogs.people_dialogs import AboutYouDialog
from evidencekit.gui.dialogs.seal_dialog import SealDialog
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.models.items import STATUS_COLUMN, SubmissionTableModel
from evidencekit.gui.video.redact_review import RedactReviewDialog
from evidencekit.gui.work.checklist import SlotIdRole
from evidencekit.services import roster
from evidencekit.services.review_sessions import (
    export_review,
    load_session,
    open_for_review,
    save_review,
)
from evidencekit.services.video_import import import_clips
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.conftest import DEMO_SUBMISSION
from tests.gui.clicks import click_requirement, click_tab
from tests.gui.waiting import wait_until_idle
from tests.journeys.driving import (
    FileDialogAnswers,
    button,
    click,
    click_row,
    sign_with_new_key,
    type_into,
    wait_for,
)
from tests.media.face_clips import four_faces, make_face_clip

CREDENTIAL = "Checking for Understanding"
CREDENTIAL_ID = "checking-for-understanding"


@pytest.fixture(autouse=True)
def _key_files_only() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def file_dialogs(qapp) -> Iterator[FileDialogAnswers]:
    answers = FileDialogAnswers()
    yield answers
    answers.stop()


def unmet_in_checklist(window: MainWindow) -> int:
    checklist = window.checklist
    statuses = [
        checklist.topLevelItem(u).child(r).text(1)
        for u in range(checklist.topLevelItemCount())
        for r in range(checklist.topLevelItem(u).childCount())
        if checklist.topLevelItem(u).child(r).data(0, SlotIdRole)
    ]
    return sum(status != "Met" for status in statuses)


def list_status(window: MainWindow) -> str:
    proxy = window.submission_proxy
    [row] = [
        r
        for r in range(proxy.rowCount())
        if proxy.index(r, 0).data(SubmissionTableModel.SubmissionIdRole) == DEMO_SUBMISSION
    ]
    return proxy.index(row, STATUS_COLUMN).data()


def assert_every_view_says(window: MainWindow, standing: str, unmet: int) -> None:
    """The header, list and checklist on the Work tab; the card and pathway on the Dashboard."""
    assert window.tabs.currentIndex() == 0
    assert window.detail_title.text().endswith(f"— {standing}"), window.detail_title.text()
    assert list_status(window) == standing
    assert unmet_in_checklist(window) == unmet

    click_tab(window, 1)
    [card] = [c for c in window.dashboard.card_list if c.progress.submission.id == DEMO_SUBMISSION]
    assert standing in card.standing.text()
    progress = card.progress
    assert progress.slots_total - progress.slots_met == unmet
    [step] = [
        window.dashboard.pathways.topLevelItem(p).child(c)
        for p in range(window.dashboard.pathways.topLevelItemCount())
        for c in range(window.dashboard.pathways.topLevelItem(p).childCount())
        if window.dashboard.pathways.topLevelItem(p).child(c).text(0) == CREDENTIAL
    ][:1]
    if standing == "Earned":
        assert step.text(1) == "Earned"
    else:
        percent = round(progress.slots_met / progress.slots_total * 100)
        assert step.text(1) == f"In progress ({percent} %)"

    click_tab(window, 3)  # the Credentials tab's pathways: held once earned, missing before
    rows = window.wallet_view.pathways.rows
    ours = [p.id for p in window.catalog.pathways if CREDENTIAL_ID in p.credential_ids]
    assert ours
    for pathway_id in ours:
        label, _request = rows[pathway_id]
        missing = label.text().partition("still missing:")[2]
        assert (CREDENTIAL in missing) == (standing != "Earned"), label.text()
    click_tab(window, 0)


def attempts_on_card(window: MainWindow) -> str:
    [card] = window.dashboard.card_list
    [label] = [w for w in card.findChildren(QLabel) if w.accessibleName() == "Attempts"]
    return label.text()


def evaluator_passes(bundle: Path, folder: Path, returned: Path) -> Path:
    """The evaluator's side, done elsewhere: every criterion at its highest level, signed."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    evaluator = Ed25519PrivateKey.generate()
    TrustStore(trust_store_path()).add(evaluator.public_key(), "Eva Ortiz", "evaluator")
    with open_workspace(folder) as theirs:
        session = open_for_review(theirs, bundle, ReviewerRole.EVALUATOR, evaluator)
        review = session.review
        for unit_id in review.units:
            rubric = session.credential.unit(unit_id).rubric
            top = rubric.levels[-1].id
            for criterion in rubric.criteria:
                score = Score(unit_id, criterion.id, top, "Clear evidence at the top level.")
                review = review.with_score(session.credential, score)
        save_review(theirs, session.draft_id, review)
        return export_review(theirs, load_session(theirs, session.draft_id), evaluator, returned)


def test_every_view_agrees_from_protecting_to_earning(
    qtbot, demo_workspace: Workspace, tmp_path: Path, file_dialogs: FileDialogAnswers
) -> None:
    # Before she opens the app: a second clip showing Ana, who has no video consent.
    source = tmp_path / "lesson.mp4"
    make_face_clip(source, four_faces()[:1], seconds=1.0)
    [clip] = import_clips(demo_workspace, DEMO_SUBMISSION, "q-clip", [source]).evidence
    assert isinstance(clip, Clip)
    ana = roster.add_student(demo_workspace, "Ana", audio=True)
    roster.tag_evidence(demo_workspace, DEMO_SUBMISSION, clip.id, [ana.id])

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    click_row(window.submission_view, window.submission_proxy.index(0, 1))
    assert_every_view_says(window, "1 thing still to do", 1)

    # 1. Protect students: find the faces, keep the plan, make the protected copy.
    click_requirement(window, "q-clip")
    items = window.slot_panel.files.items
    [entry] = [
        items.item(r)
        for r in range(items.count())
        if items.item(r).data(Qt.ItemDataRole.UserRole).id == clip.id
    ]
    QTest.mouseClick(
        items.viewport(), Qt.MouseButton.LeftButton, pos=items.visualItemRect(entry).center()
    )
    click(window.slot_panel.detail.protect_button)
    review = wait_for(qtbot, RedactReviewDialog, timeout=30_000)
    wait_until_idle(qtbot)  # the first frame is shown
    click(review.protect)
    wait_until_idle(qtbot)  # the protected copy is made
    assert_every_view_says(window, "Ready to pack", 0)

    # 2. Typing in an essay: nothing else turns red, before and after autosave.
    click_requirement(window, "q-wait-time")
    editor = window.slot_panel.editor
    QTest.mouseClick(editor.text.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClicks(editor.text, " And I count to five.")
    qtbot.waitUntil(lambda: editor.dirty and not editor.typing)
    assert window.detail_title.text().endswith("— Ready to pack")
    assert list_status(window) == "Ready to pack" and unmet_in_checklist(window) == 0
    qtbot.waitUntil(lambda: not editor.dirty, timeout=10_000)
    assert_every_view_says(window, "Ready to pack", 0)
    # Emptied, the essay is still to do: the Work tab says so at once, then everywhere…
    QTest.keyClick(editor.text, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor.text, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: unmet_in_checklist(window) == 1)
    assert window.detail_title.text().endswith("— 1 thing still to do")
    assert list_status(window) == "1 thing still to do"
    qtbot.waitUntil(lambda: not editor.dirty, timeout=10_000)
    assert_every_view_says(window, "1 thing still to do", 1)
    # …and undone, it is met again everywhere.
    click_requirement(window, "q-wait-time")
    QTest.mouseClick(editor.text.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClick(editor.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: unmet_in_checklist(window) == 0)
    assert list_status(window) == "Ready to pack"
    qtbot.waitUntil(lambda: not editor.dirty, timeout=10_000)
    assert_every_view_says(window, "Ready to pack", 0)

    # 3. Seal: her name once, a new key file, the bundle written.
    bundle = tmp_path / "spring.evkit"
    window.seal_action.trigger()
    about = wait_for(qtbot, AboutYouDialog)
    type_into(about.name, "Tess Ng")
    type_into(about.email, "tess@school.example")
    click(button(about, "Save"))
    seal = wait_for(qtbot, SealDialog)
    type_into(seal.target, str(bundle))
    sign_with_new_key(seal, tmp_path / "tess.key")
    said = wait_for(qtbot, QMessageBox, timeout=180_000)
    assert "Sealed into" in said.text()
    click(said.buttons()[0])
    today = datetime.now().astimezone()
    assert_every_view_says(window, f"Sealed {today.day} {today:%b}, waiting for review", 0)
    assert attempts_on_card(window) == "Attempt 1: Sealed"
    # Sealed work reads as sealed, the essay she had open too.
    assert editor.text.isReadOnly() and not editor.bold_action.isEnabled()
    click_requirement(window, "q-clip")
    shown = window.slot_panel.detail
    assert shown.evidence is not None and not shown.remove_button.isEnabled()

    # 4. The review comes back passing: she imports it, and it is earned everywhere.
    returned = evaluator_passes(bundle, tmp_path / "evaluator", tmp_path / "back.evkit-review")
    window.feedback_action.trigger()
    feedback = wait_for(qtbot, FeedbackDialog)
    file_dialogs.will_choose(returned)
    click(feedback.panel.import_button)
    qtbot.waitUntil(lambda: "Earned" in feedback.panel.headline.text(), timeout=30_000)
    click(button(feedback, "Close"))
    assert_every_view_says(window, "Earned", 0)
    assert attempts_on_card(window) == "Attempt 1: Earned"

"""The whole review loop through the windows people use.

Teacher seals; evaluator opens the bundle, comments at three moments by typing while
the clip plays, scores every criterion "not yet" and exports the return file; the
teacher imports it, sees three markers on her clip and the feedback in her checklist,
starts attempt 2 and sees what changed."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from evidencekit.bundle.signing.identity import TrustStore, create_identity, read_key_file
from evidencekit.domain.review import ReviewerRole
from evidencekit.gui.dialogs.seal_dialog import SealDialog, seal_submission
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.review.feedback_panel import FeedbackPanel
from evidencekit.gui.review.review_window import EvidenceRole, ReviewWindow, start_review
from evidencekit.services.evidence import set_text
from evidencekit.services.packing import pack_submission
from evidencekit.services.review_sessions import open_for_review
from evidencekit.services.submissions import submission_detail
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.services.clip_fixtures import demo_with_bookmarked_clip

PASSPHRASE = "a long enough passphrase"
MOMENTS_MS = (1500, 4000, 7500)


@pytest.fixture(autouse=True)
def _no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def evaluator_ws(tmp_path: Path):
    ws = open_workspace(tmp_path / "evaluator-ws")
    yield ws
    ws.close()


def _key(tmp_path: Path, who: str):
    path = tmp_path / f"{who}.key"
    create_identity(key_file=path, passphrase=PASSPHRASE)
    return path, read_key_file(path, PASSPHRASE)


def test_teacher_evaluator_teacher(
    qtbot, tmp_path: Path, demo_workspace: Workspace, evaluator_ws: Workspace
) -> None:
    teacher_file, teacher = _key(tmp_path, "teacher")
    _evaluator_file, evaluator = _key(tmp_path, "evaluator")
    TrustStore(trust_store_path()).add(evaluator.public_key(), "Eva", "evaluator")
    TrustStore(trust_store_path()).add(teacher.public_key(), "Tess", "teacher")

    # Teacher seals.
    seal = SealDialog("Demo", 1, tmp_path)
    qtbot.addWidget(seal)
    seal.identity.key_file.setText(str(teacher_file))
    seal.identity.passphrase.setText(PASSPHRASE)
    seal.accept()
    sealed: list[object] = []
    operation = seal_submission(seal, demo_workspace, 1, seal, sealed.append)
    qtbot.waitUntil(lambda: not operation.running, timeout=60_000)
    bundle = seal.bundle_path()
    assert sealed and bundle.is_file()

    # Evaluator opens it (verified first) into the review window.
    host = QWidget()
    qtbot.addWidget(host)
    windows: list[ReviewWindow] = []
    opening = start_review(host, evaluator_ws, bundle, ReviewerRole.EVALUATOR, evaluator,
                           windows.append)  # fmt: skip
    qtbot.waitUntil(lambda: not opening.running, timeout=60_000)
    [review] = windows
    qtbot.addWidget(review)
    assert "Verified bundle" in review.statusBar().currentMessage()
    assert review.current is not None and review.current["kind"] == "clip"
    media = review.player.media
    qtbot.waitUntil(lambda: media.duration() > 0, timeout=15_000)

    # Three comments: seek, start typing (the clip pauses, the moment is kept), add.
    media.play()
    for n, at in enumerate(MOMENTS_MS):
        media.setPosition(at)
        qtbot.waitUntil(lambda at=at: abs(media.position() - at) < 100, timeout=10_000)
        qtbot.keyClicks(review.comments_pane.comment_text, f"Moment {n + 1}: look at the wait time")
        assert review._stamp_s is not None and abs(review._stamp_s * 1000 - at) < 150
        qtbot.keyClick(
            review.comments_pane.comment_text,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier,
        )
        media.play()
    media.pause()
    clip_path = review.current["path"]
    stamped = [c.at_s for c in review.review.comments]
    assert len(stamped) == 3
    assert all(abs(s * 1000 - at) < 150 for s, at in zip(stamped, MOMENTS_MS, strict=True))
    assert len(review.player.timeline.markers()) == 3
    assert review.comments_pane.comment_filter.rowCount() == 3
    review.comments_pane.search.setText("Moment 2")
    assert review.comments_pane.comment_filter.rowCount() == 1

    # Every criterion "not yet": the decision follows the rubric.
    assert review.rubric is not None
    for levels in review.rubric.cells.values():
        QTest.mouseClick(levels["not_yet"].radio, Qt.MouseButton.LeftButton)
    assert "Not yet" in review.rubric.decision.text()
    returned = review.export_return_file(tmp_path / "back.evkit-review", evaluator)
    assert returned is not None and returned.is_file()
    review.close()

    # Teacher imports: markers on her clip, feedback in her checklist.
    panel = FeedbackPanel(demo_workspace, 1)
    qtbot.addWidget(panel)
    assert panel.import_file(returned)
    assert "Not yet" in panel.headline.text()
    clip = panel.clip_choice.currentData()
    on_clip = [m.ms for m in panel.markers_for(clip)]
    assert len(on_clip) == 3 and all(
        abs(a - b) < 150 for a, b in zip(on_clip, MOMENTS_MS, strict=True)
    )
    qtbot.waitUntil(lambda: len(panel.player.timeline.markers()) == 3, timeout=10_000)
    assert panel.notes.count() == 3
    assert clip_path.startswith("data/video/")

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.select_submission(1)
    checklist = window.checklist
    headings = [checklist.topLevelItem(i) for i in range(checklist.topLevelItemCount())]
    feedback = [h for h in headings if h.text(0).startswith("Evaluator's feedback")]
    assert len(feedback) == 3  # one per unit, each criterion with its level and words
    assert all(h.childCount() == 3 and h.child(0).text(1) == "Not yet" for h in feedback)

    # Attempt 2 and the change summary.
    assert panel.next_button.isEnabled()
    panel.start_next()
    assert submission_detail(demo_workspace, 1).attempt.number == 2
    essay = next(e for e in submission_detail(demo_workspace, 1).evidence if hasattr(e, "text"))
    set_text(demo_workspace, 1, essay.slot_id, essay.text + "\n\nNow I wait five seconds.")
    dialog = panel.show_changes()
    assert dialog is not None
    qtbot.addWidget(dialog)
    note = panel.changes_note.toPlainText()
    assert note.startswith("Changes since attempt 1:") and "Revised" in note


def test_reviewers_define_their_own_comment_categories(
    qtbot, tmp_path: Path, demo_workspace: Workspace, evaluator_ws: Workspace
) -> None:
    _teacher_file, teacher = _key(tmp_path, "teacher")
    _coach_file, coach = _key(tmp_path, "coach")
    bundle = pack_submission(demo_workspace, 1, tmp_path / "draft.evkit", teacher).path
    session = open_for_review(evaluator_ws, bundle, ReviewerRole.COACH, coach)
    window = ReviewWindow(evaluator_ws, session)
    qtbot.addWidget(window)
    assert window.rubric is None  # coaches comment, never score
    window.evidence_list.setCurrentRow(0)
    window._stamp_s = 1.0
    window.comments_pane.comment_text.setPlainText("Nice calm start")
    window.add_comment()
    used = window.review.comments[0].category

    dialog = window.edit_categories()
    qtbot.addWidget(dialog)
    table = dialog.table
    table.setRowCount(0)  # try to drop every category, the one in use too
    dialog.add_category()
    table.item(0, 0).setText("Talk moves")
    dialog.accept()
    assert dialog.isVisible() and used in dialog.error.text()  # still used: refused
    dialog.reject()

    dialog = window.edit_categories()
    qtbot.addWidget(dialog)
    dialog.add_category()
    last = dialog.table.rowCount() - 1
    dialog.table.item(last, 0).setText("Talk moves")
    dialog.table.item(last, 1).setText("#123456")
    dialog.accept()
    assert [m.label for m in window.review.markers][-1] == "Talk moves"
    assert (
        window.comments_pane.category.itemText(window.comments_pane.category.count() - 1)
        == "Talk moves"
    )
    # The next review starts with this set.
    again = open_for_review(evaluator_ws, bundle, ReviewerRole.COACH, coach)
    assert [m.id for m in again.review.markers][-1] == "talk-moves"


def test_the_evaluator_sees_the_teachers_bookmarks_on_the_clip(
    qtbot, tmp_path: Path, demo_workspace: Workspace, evaluator_ws: Workspace, sample_clip: Path
) -> None:
    _teacher_file, teacher = _key(tmp_path, "teacher")
    _evaluator_file, evaluator = _key(tmp_path, "evaluator")
    demo = demo_with_bookmarked_clip(demo_workspace, sample_clip, tmp_path)
    bundle = pack_submission(demo_workspace, demo, tmp_path / "marked.evkit", teacher).path

    session = open_for_review(evaluator_ws, bundle, ReviewerRole.EVALUATOR, evaluator)
    window = ReviewWindow(evaluator_ws, session)
    qtbot.addWidget(window)
    for row in range(window.evidence_list.count()):
        if window.evidence_list.item(row).data(EvidenceRole).get("slot") == "q-clip":
            window.evidence_list.setCurrentRow(row)
    markers = window.player.timeline.markers()
    assert [(m.ms, m.label, m.category) for m in markers] == [
        (2000, "Wait time starts", "bookmark")
    ]
    window._stamp_s = 3.0
    window.comments_pane.comment_text.setPlainText("Good pause")
    window.add_comment()  # comments join the teacher's bookmark, which stays
    categories = [m.category for m in window.player.timeline.markers()]
    assert len(categories) == 2 and "bookmark" in categories

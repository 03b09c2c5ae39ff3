"""Reviews she can come back to: the Reviews view, and a bundle reopened resumes its draft."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidencekit.domain.review import Comment, ReviewerRole
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.services.packing import pack_submission
from evidencekit.services.review_sessions import open_for_review, save_review
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.journeys.driving import Person, acting_as
from tests.journeys.test_review_journey import switch_tab
from tests.services.review_fixtures import review_bundle

TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
EVALUATOR = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))
COACH = Ed25519PrivateKey.from_private_bytes(bytes(range(4, 36)))


def test_reopening_a_bundle_resumes_the_draft_and_the_list_opens_it(
    qtbot, tmp_path: Path, demo_workspace: Workspace
) -> None:
    bundle = pack_submission(demo_workspace, 1, tmp_path / "demo.evkit", TEACHER).path
    ws = open_workspace(tmp_path / "evaluator")
    try:
        first = open_for_review(ws, bundle, ReviewerRole.EVALUATOR, EVALUATOR)
        clip = first.evidence("clip")[0]["path"]
        said = first.review.with_comment(Comment(clip, "strength", "Good wait time", at_s=2.0))
        save_review(ws, first.draft_id, said)

        again = open_for_review(ws, bundle, ReviewerRole.EVALUATOR, EVALUATOR)
        assert again.draft_id == first.draft_id and again.review.comments == said.comments
        assert len(list((ws.path / "reviews").iterdir())) == 1  # the second copy was dropped
        # Another reviewer, or the same one as coach, has a draft of her own.
        coach = open_for_review(ws, bundle, ReviewerRole.COACH, COACH)
        assert coach.draft_id != first.draft_id and coach.review.comments == ()

        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.show()
        window.tabs.setCurrentWidget(window.reviews_view)
        view = window.reviews_view
        cell = view.table.item
        rows = [(cell(r, 0).text(), cell(r, 2).text(), cell(r, 4).text()) for r in range(2)]
        assert sorted(rows) == [("Draft", "Coach", "0"), ("Draft", "Evaluator", "1")]
        row = next(
            r for r in range(view.table.rowCount()) if view.table.item(r, 2).text() == "Evaluator"
        )
        view.table.selectRow(row)
        with qtbot.waitSignal(window.bundles.reviewOpened) as opened:
            QTest.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
        review = opened.args[0]
        qtbot.addWidget(review)
        assert [c.text for c in review.review.comments] == ["Good wait time"]
        assert review.session.draft_id == first.draft_id
        review.close()
        window.close()
    finally:
        ws.close()


def test_at_a_shared_centre_each_reviewer_sees_her_own_drafts_marked(qtbot, tmp_path: Path) -> None:
    """Ana and Ben, each on their own account, share the centre's database. Ana's list
    holds her evaluation and her coaching of a draft (marked so), none of Ben's."""
    ana, ben = Person("ana", tmp_path / "ana"), Person("ben", tmp_path / "ben")
    lesson = review_bundle(tmp_path, 1)
    draft = review_bundle(tmp_path, 2, draft=True)
    centre = open_workspace(tmp_path / "centre")
    try:
        with acting_as(ben):
            open_for_review(centre, lesson, ReviewerRole.EVALUATOR, COACH)
        with acting_as(ana):
            open_for_review(centre, lesson, ReviewerRole.EVALUATOR, EVALUATOR)
            open_for_review(centre, draft, ReviewerRole.COACH, EVALUATOR)
            window = MainWindow(centre)
            qtbot.addWidget(window)
            window.show()
            switch_tab(window.tabs, window.reviews_view)
            table = window.reviews_view.table
            rows = sorted(
                (table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())
            )
            window.close()
    finally:
        centre.close()
    assert rows == [("cand-0001", "Evaluator"), ("cand-0002 (draft for coaching)", "Coach")]

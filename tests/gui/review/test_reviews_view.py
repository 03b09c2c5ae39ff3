"""Reviews she can come back to: the Reviews view, and a bundle reopened resumes its draft."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidencekit.domain.review import Comment, ReviewerRole
from evidencekit.gui.main_window import MainWindow
from evidencekit.services.packing import pack_submission
from evidencekit.services.review_sessions import open_for_review, save_review
from evidencekit.storage.workspace import Workspace, open_workspace

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

"""Review drafts and received reviews on both databases, listed newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from evidencekit.storage import repository, review_records
from evidencekit.storage.models import ReceivedReview, ReviewDraft
from evidencekit.storage.workspace import Workspace


def test_drafts_and_received_reviews_come_back_newest_first(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        submission, attempt = repository.create_submission(session, "c", "1.0", None, "Spring")
        for name in ("a.evkit", "b.evkit"):
            session.add(
                ReviewDraft(
                    bundle_sha256="a" * 64,
                    bundle_name=name,
                    role="coach",
                    folder="/tmp/bag",
                    body='{"comments": []}',
                )
            )
        for n in (1, 2):
            session.add(
                ReceivedReview(
                    attempt_id=attempt.id,
                    bundle_sha256="b" * 64,
                    sha256=str(n) * 64,
                    role="evaluator",
                    reviewer="ed25519:ab",
                    decision="earned" if n == 2 else None,
                    document=b"{}",
                )
            )
    with any_workspace.unit_of_work() as session:
        drafts = review_records.drafts(session)
        received = review_records.received(session)
    assert [(d.bundle_name, d.folder, d.exported_at) for d in drafts] == [
        ("b.evkit", Path("/tmp/bag"), None),
        ("a.evkit", Path("/tmp/bag"), None),
    ]
    assert [
        (r.decision, r.submission_id, r.submission_title, r.attempt_number) for r in received
    ] == [
        ("earned", submission.id, "Spring", 1),
        (None, submission.id, "Spring", 1),
    ]
    assert received[0].document == b"{}"


def test_a_draft_is_added_found_saved_moved_and_marked_exported(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        first = review_records.add_draft(session, "a" * 64, "a.evkit", "coach", Path("/x"), "{}")
        second = review_records.add_draft(session, "a" * 64, "a.evkit", "coach", Path("/y"), "{}")
        review_records.add_draft(session, "a" * 64, "a.evkit", "evaluator", Path("/z"), "{}")
    with any_workspace.unit_of_work() as session:
        assert [d.id for d in review_records.drafts_of(session, "a" * 64, "coach")] == [
            second,
            first,
        ]
        assert review_records.save_draft(session, first, '{"summary": "ok"}')
        assert not review_records.save_draft(session, 9999, "{}")
        review_records.move_draft(session, first, Path("/w"))
        review_records.mark_exported(session, first, datetime(2026, 1, 2, tzinfo=UTC))
    with any_workspace.unit_of_work() as session:
        draft = review_records.draft(session, first)
        assert review_records.draft(session, 9999) is None
    assert draft is not None
    assert (draft.folder, draft.body) == (Path("/w"), '{"summary": "ok"}')
    assert draft.exported_at is not None

"""Review drafts and received reviews on both databases, listed newest first."""

from __future__ import annotations

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

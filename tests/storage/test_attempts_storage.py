"""Attempts after the first, on both databases: the copy of the evidence and reading back."""

from __future__ import annotations

from evidencekit.domain.submissions import AttemptStatus, Essay
from evidencekit.storage import attempts, repository
from evidencekit.storage.workspace import Workspace


def test_the_next_attempt_copies_the_evidence_and_both_read_back(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        submission, first = repository.create_submission(session, "c", "1.0", None, "T")
        repository.add_evidence(
            session, first.id, slot_id="essay", kind="essay", title="Reflection", text="I waited."
        )
    with any_workspace.unit_of_work() as session:
        assert [a.number for a, _ in attempts.latest_two(session, submission.id)] == [1]
        second = attempts.start_after(session, first)
    assert (second.number, second.status, second.submission_id) == (
        2,
        AttemptStatus.DRAFT,
        submission.id,
    )
    with any_workspace.unit_of_work() as session:
        (now, now_items), (before, before_items) = attempts.latest_two(session, submission.id)
    assert (now.id, before.id) == (second.id, first.id)
    [copied], [original] = now_items, before_items
    assert isinstance(copied, Essay) and copied.id != original.id
    assert (copied.slot_id, copied.title, copied.text) == ("essay", "Reflection", "I waited.")

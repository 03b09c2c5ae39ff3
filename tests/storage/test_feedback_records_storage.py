"""The teacher's record of sent bundles and returned reviews, on both databases."""

from __future__ import annotations

from evidencekit.domain.submissions import AttemptStatus, Essay
from evidencekit.storage import feedback_records, repository
from evidencekit.storage.workspace import Workspace

SENT, OTHER = "s" * 64, "o" * 64
EDITABLE = (AttemptStatus.DRAFT, AttemptStatus.READY)


def test_a_returned_review_comes_back_with_the_evidence_it_names(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        submission, attempt = repository.create_submission(session, "c", "1.0", None, "Spring")
        essay = repository.add_evidence(
            session, attempt.id, slot_id="essay", kind="essay", title="Reflection", text="Hi."
        )
        feedback_records.record_packed_bundle(
            session, attempt.id, SENT, "spring.evkit", {"data/essay.md": essay.id, "data/x": 999}
        )
    with any_workspace.unit_of_work() as session:
        assert feedback_records.sent_bundles(session) == {SENT}
        assert feedback_records.attempt_of_bundle(session, OTHER) is None
        found = feedback_records.attempt_of_bundle(session, SENT)
        assert found is not None and found.id == attempt.id
        assert not feedback_records.has_received(session, attempt.id, "1" * 64)
        assert feedback_records.evaluation_of(session, submission.id, 1) is None
        for n, role in ((1, "coach"), (2, "evaluator"), (3, "evaluator")):
            feedback_records.add_received(
                session, attempt.id, SENT, str(n) * 64, role, "ed25519:ab", None, b"{}"
            )
    with any_workspace.unit_of_work() as session:
        assert feedback_records.has_received(session, attempt.id, "1" * 64)
        assert feedback_records.evaluation_of(session, submission.id, 1) == "3" * 64
        returned = feedback_records.returned_on(session, submission.id)
    assert [(r.sha256[0], r.role, r.attempt_number) for r in returned] == [
        ("3", "evaluator", 1),
        ("2", "evaluator", 1),
        ("1", "coach", 1),
    ]
    # Evidence gone from the workspace is left out, not invented.
    [(path, item)] = returned[0].evidence.items()
    assert path == "data/essay.md" and isinstance(item, Essay) and item.text == "Hi."


def test_packing_seals_an_editable_attempt_once(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        submission, attempt = repository.create_submission(session, "c", "1.0", None, "T")
        feedback_records.mark_packed(session, attempt.id, EDITABLE)
    with any_workspace.unit_of_work() as session:
        packed = repository.latest_attempt(session, submission.id)
        assert packed is not None and packed.status is AttemptStatus.PACKED
        assert packed.sealed_at is not None
        feedback_records.set_status(session, attempt.id, AttemptStatus.RETURNED)
        feedback_records.mark_packed(session, attempt.id, EDITABLE)
    with any_workspace.unit_of_work() as session:
        again = repository.latest_attempt(session, submission.id)
    assert again is not None and again.status is AttemptStatus.RETURNED
    assert again.sealed_at == packed.sealed_at

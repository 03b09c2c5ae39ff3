"""The repository on both databases the app supports."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from evidencekit.domain.submissions import Attestation, Essay
from evidencekit.storage import repository
from evidencekit.storage.models import AttemptRow
from evidencekit.storage.workspace import Workspace


def test_submission_starts_with_a_draft_attempt(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        submission, attempt = repository.create_submission(
            session, "checking-for-understanding", "1.0", None, "Spring"
        )
    assert (attempt.number, str(attempt.status)) == (1, "draft")
    with any_workspace.unit_of_work() as session:
        [(listed, attempts)] = repository.list_submissions(session)
        assert listed == submission and attempts == [attempt]
        assert submission.created_at.tzinfo is not None


def test_text_versions_are_kept(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        _, attempt = repository.create_submission(session, "c", "1.0", "u", "T")
        repository.save_text(session, attempt.id, "essay", "Essay", "first draft")
        repository.save_text(session, attempt.id, "essay", "Essay", "first draft")  # unchanged
        item = repository.save_text(session, attempt.id, "essay", "Essay", "second, longer draft")
    assert isinstance(item, Essay) and item.text == "second, longer draft"
    with any_workspace.unit_of_work() as session:
        history = repository.revisions_of(session, item.id)
        assert [words for _, _, words in history] == [2, 3]
        assert repository.evidence_of(session, attempt.id) == [item]


def test_attestation_and_delete(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        _, attempt = repository.create_submission(session, "c", "1.0", None, "T")
        item = repository.set_attestation(session, attempt.id, "consent", "Consent", True)
        assert isinstance(item, Attestation) and item.confirmed
        assert repository.delete_evidence(session, attempt.id, item.id)
        assert not repository.delete_evidence(session, attempt.id, item.id)


def test_constraints_hold_on_both_databases(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        _, attempt = repository.create_submission(session, "c", "1.0", None, "T")
        submission_id = attempt.submission_id
    with pytest.raises(IntegrityError), any_workspace.unit_of_work() as session:
        session.add(AttemptRow(submission_id=submission_id, number=1, status="draft"))
    with pytest.raises(IntegrityError), any_workspace.unit_of_work() as session:
        session.add(AttemptRow(submission_id=submission_id, number=2, status="lost"))
    with pytest.raises(IntegrityError), any_workspace.unit_of_work() as session:
        session.add(AttemptRow(submission_id=99999, number=1, status="draft"))


def test_failed_unit_of_work_writes_nothing(any_workspace: Workspace) -> None:
    with pytest.raises(RuntimeError), any_workspace.unit_of_work() as session:
        repository.create_submission(session, "c", "1.0", None, "Never saved")
        raise RuntimeError("boom")
    with any_workspace.unit_of_work() as session:
        assert repository.list_submissions(session) == []

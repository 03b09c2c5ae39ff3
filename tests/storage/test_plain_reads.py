"""The plain-SQL reads agree with the ORM's rows, on both databases the app supports."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from evidencekit.domain.submissions import Bookmark, Cut, CutKind
from evidencekit.storage import plain_reads, repository, roster
from evidencekit.storage.models import AttemptRow
from evidencekit.storage.workspace import Workspace, open_workspace


def test_submissions_come_with_their_latest_attempt_and_its_evidence_count(
    any_workspace: Workspace,
) -> None:
    with any_workspace.unit_of_work() as session:
        _, attempt = repository.create_submission(session, "c", "1.0", "u", "First")
        repository.save_text(session, attempt.id, "essay", "Essay", "first draft")
        repository.set_attestation(session, attempt.id, "consent", "Consent", True)
        second, _ = repository.create_submission(session, "c", "1.0", None, "Second")
        later = AttemptRow(submission_id=second.id, number=2, status="draft")
        session.add(later)
        session.flush()
        repository.save_text(session, later.id, "essay", "Essay", "again")
    with any_workspace.unit_of_work() as session:
        expected = [
            (submission, attempts[-1])
            for submission, attempts in repository.list_submissions(session)
        ]
    records = plain_reads.submissions_with_latest_attempt(any_workspace)
    assert [(r.submission, r.attempt) for r in records] == expected
    assert [r.attempt.number for r in records] == [1, 2]
    assert [r.evidence_count for r in records] == [2, 1]
    assert records[0].submission.created_at.tzinfo is not None
    assert records[0].submission.unit_id == "u" and records[1].submission.unit_id is None


def test_catalog_documents_come_in_import_order(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        repository.add_catalog_document(session, "b" * 64, "later.json", '{"b": 1}')
        repository.add_catalog_document(session, "a" * 64, "first.json", '{"a": 1}')
    assert plain_reads.catalog_documents(any_workspace) == [
        ("later.json", '{"b": 1}'),
        ("first.json", '{"a": 1}'),
    ]


def test_the_latest_attempt_comes_with_its_evidence_and_tagged_students(
    any_workspace: Workspace,
) -> None:
    with any_workspace.unit_of_work() as session:
        _, first = repository.create_submission(session, "c", "1.0", "u", "Spring")
        repository.save_text(session, first.id, "essay", "Essay", "an older attempt")
        sealed = datetime(2026, 12, 3, 15, 20, 7, 123456, tzinfo=UTC)
        later = AttemptRow(
            submission_id=first.submission_id, number=2, status="ready", sealed_at=sealed
        )
        session.add(later)
        session.flush()
        repository.ensure_media_blob(session, "a" * 64, 1000)
        repository.ensure_media_blob(session, "b" * 64, 2000)
        clip = repository.add_evidence(
            session,
            later.id,
            slot_id="clip",
            kind="clip",
            title="Lesson",
            media_sha256="a" * 64,
            file_name="lesson.mp4",
            size_bytes=1000,
            duration_s=312.5,
            has_audio=True,
            cuts=repository.cuts_json([Cut(12.0, CutKind.PAUSE)]),
            bookmarks=repository.bookmarks_json([Bookmark(30.5, "Wait time")]),
        )
        repository.add_evidence(
            session,
            later.id,
            slot_id="plan",
            kind="artifact",
            title="Plan",
            media_sha256="b" * 64,
            file_name="plan.pdf",
            size_bytes=2000,
        )
        repository.save_text(session, later.id, "essay", "Essay", "the new words")
        repository.set_attestation(session, later.id, "consent", "Consent", True)
        ana = roster.add_student(session, "Ana", True, True, False)
        ben = roster.add_student(session, "Ben", False, True, True)
        roster.set_tags(session, clip.id, [ben.id, ana.id])
        submission_id = first.submission_id
    with any_workspace.unit_of_work() as session:
        row = repository.latest_attempt_row(session, submission_id)
        assert row is not None
        expected_attempt = repository.to_attempt(row)
        expected_evidence = repository.evidence_of(session, row.id)
        expected_tags = roster.appearances_in_attempt(session, row.id)
    contents = plain_reads.latest_attempt_contents(any_workspace, submission_id)
    assert contents is not None
    assert contents.attempt == expected_attempt and contents.attempt.number == 2
    assert contents.attempt.sealed_at == sealed
    assert contents.evidence == expected_evidence
    kinds = [type(e).__name__ for e in contents.evidence]
    assert kinds == ["Clip", "Artifact", "Essay", "Attestation"]
    assert contents.appearances == expected_tags
    assert [s.name for s in contents.appearances[clip.id]] == ["Ana", "Ben"]
    assert plain_reads.latest_attempt_contents(any_workspace, submission_id + 1) is None


_OPEN_AND_LIST = """
import sys
from pathlib import Path
from evidencekit.services.submission_list import list_submissions, submission_detail
from evidencekit.storage.workspace import open_workspace
with open_workspace(Path(sys.argv[1])) as workspace:
    titles = [s.submission.title for s in list_submissions(workspace)]
    detail = submission_detail(workspace, 1)
loaded = {m.partition(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic"}
print(titles, len(detail.findings) > 0, sorted(loaded))
"""


def test_an_up_to_date_workspace_is_opened_listed_and_checked_without_sqlalchemy(
    tmp_path: Path,
) -> None:
    with open_workspace(tmp_path / "ws") as workspace, workspace.unit_of_work() as session:
        repository.create_submission(session, "checking-for-understanding", "1.0", None, "Spring")
    result = subprocess.run(
        [sys.executable, "-c", _OPEN_AND_LIST, str(tmp_path / "ws")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['Spring'] True []"

"""The plain-SQL reads agree with the ORM's rows, on both databases the app supports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from evidencekit.storage import plain_reads, repository
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
            (repository.to_submission(row), repository.to_attempt(row.attempts[-1]))
            for row in repository.list_submissions(session)
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


_OPEN_AND_LIST = """
import sys
from pathlib import Path
from evidencekit.services.submission_list import list_submissions
from evidencekit.storage.workspace import open_workspace
with open_workspace(Path(sys.argv[1])) as workspace:
    titles = [s.submission.title for s in list_submissions(workspace)]
print(titles, sorted({m.partition(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic"}))
"""


def test_an_up_to_date_workspace_is_opened_and_listed_without_sqlalchemy(tmp_path: Path) -> None:
    with open_workspace(tmp_path / "ws") as workspace, workspace.unit_of_work() as session:
        repository.create_submission(session, "c", "1.0", None, "Spring")
    result = subprocess.run(
        [sys.executable, "-c", _OPEN_AND_LIST, str(tmp_path / "ws")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['Spring'] []"

"""Reads behind the first window, in plain SQL: the submissions list, one submission's
latest attempt with its evidence, and the catalog files.

On a SQLite workspace they go through the ``sqlite3`` standard library, so the app
can paint its window on the workspace before SQLAlchemy (a third of a second of
CPU to import and map) is loaded; on a server they run through the engine. Each
read runs in one read transaction, so it sees one consistent state of the database
even while another process writes. The SQL is the same on both databases (``:name``
parameters work in sqlite3 and in SQLAlchemy's ``text``). What a row becomes is
row_mapping.py's to decide, as it is for the ORM's rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evidencekit.domain.consent import Student
from evidencekit.domain.ids import EvidenceId
from evidencekit.domain.submissions import Attempt, Evidence, Submission
from evidencekit.storage import faults
from evidencekit.storage.row_mapping import (
    ATTEMPT_COLUMNS,
    EVIDENCE_COLUMNS,
    STUDENT_COLUMNS,
    SUBMISSION_COLUMNS,
    attempt_from,
    evidence_from,
    student_from,
    submission_from,
)

if TYPE_CHECKING:
    from evidencekit.storage.workspace import Workspace

#: How long a read waits for another process's write to finish (as the engine does).
BUSY_TIMEOUT_S = 10.0


def _columns(table: str, names: Sequence[str]) -> str:
    return ", ".join(f"{table}.{name}" for name in names)


# Each read selects the columns row_mapping.py maps, in its order.
_SUBMISSION_AND_ATTEMPT = f"""
SELECT {_columns("s", SUBMISSION_COLUMNS)},
       {_columns("a", ATTEMPT_COLUMNS)}"""

_SUBMISSIONS = f"""{_SUBMISSION_AND_ATTEMPT},
       (SELECT count(*) FROM evidence AS e WHERE e.attempt_id = a.id)
FROM submissions AS s
JOIN attempts AS a ON a.submission_id = s.id
WHERE a.number = (SELECT max(number) FROM attempts WHERE submission_id = s.id)
ORDER BY s.id
"""

_CATALOG_DOCUMENTS = "SELECT source_name, body FROM catalog_documents ORDER BY id"

_LATEST_ATTEMPT = f"""{_SUBMISSION_AND_ATTEMPT}
FROM submissions AS s
JOIN attempts AS a ON a.submission_id = s.id
WHERE s.id = :submission
ORDER BY a.number DESC
LIMIT 1
"""

_EVIDENCE = f"""
SELECT {_columns("e", EVIDENCE_COLUMNS)}
FROM evidence AS e
WHERE e.attempt_id = :attempt
ORDER BY e.id
"""

_APPEARANCES = f"""
SELECT es.evidence_id, {_columns("st", STUDENT_COLUMNS)}
FROM evidence_students AS es
JOIN students AS st ON st.id = es.student_id
JOIN evidence AS e ON e.id = es.evidence_id
WHERE e.attempt_id = :attempt
ORDER BY es.evidence_id, st.name
"""

_ATTEMPT_ENDS = len(SUBMISSION_COLUMNS) + len(ATTEMPT_COLUMNS)


def _submission_and_attempt(row: Sequence[Any]) -> tuple[Submission, Attempt]:
    return (
        submission_from(row[: len(SUBMISSION_COLUMNS)]),
        attempt_from(row[len(SUBMISSION_COLUMNS) : _ATTEMPT_ENDS]),
    )


@dataclass(frozen=True)
class SubmissionRecord:
    """A submission with its latest attempt and that attempt's amount of evidence."""

    submission: Submission
    attempt: Attempt
    evidence_count: int


def submissions_with_latest_attempt(workspace: Workspace) -> list[SubmissionRecord]:
    return [
        SubmissionRecord(*_submission_and_attempt(row), row[_ATTEMPT_ENDS])
        for row in _rows(workspace, _SUBMISSIONS)
    ]


@dataclass(frozen=True)
class AttemptContents:
    """A submission's latest attempt with its evidence and the students tagged on it."""

    submission: Submission
    attempt: Attempt
    evidence: list[Evidence]
    appearances: dict[EvidenceId, list[Student]]


def latest_attempt_contents(workspace: Workspace, submission_id: int) -> AttemptContents | None:
    """None when there is no such submission."""
    with _snapshot(workspace) as query:
        found = query(_LATEST_ATTEMPT, submission=submission_id)
        if not found:
            return None
        submission, attempt = _submission_and_attempt(found[0])
        evidence = [evidence_from(item) for item in query(_EVIDENCE, attempt=attempt.id)]
        appearances: dict[EvidenceId, list[Student]] = {}
        for item in query(_APPEARANCES, attempt=attempt.id):
            appearances.setdefault(EvidenceId(item[0]), []).append(student_from(item[1:]))
    return AttemptContents(submission, attempt, evidence, appearances)


def catalog_documents(workspace: Workspace) -> list[tuple[str, str]]:
    """(source name, JSON text) of every imported catalog document, in import order."""
    return [(name, body) for name, body in _rows(workspace, _CATALOG_DOCUMENTS)]


def _rows(workspace: Workspace, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with _snapshot(workspace) as query:
        return query(sql, **params)


Query = Callable[..., list[tuple[Any, ...]]]


@contextmanager
def _snapshot(workspace: Workspace) -> Iterator[Query]:
    """Run statements that all see one state of the database (one read transaction)."""
    db = workspace.sqlite_db
    if db is None:
        from sqlalchemy import text

        with workspace.engine.connect() as server, server.begin():

            def on_server(sql: str, **params: Any) -> list[tuple[Any, ...]]:
                return [tuple(row) for row in server.execute(text(sql), params)]

            yield on_server
        return
    # Read-only with a full disk: read the main file whole, as the engine then does.
    target, uri = (
        (f"{db.as_uri()}?immutable=1", True) if workspace.read_only_reason else (db, False)
    )
    try:
        with closing(
            sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, uri=uri, isolation_level=None)
        ) as connection:
            connection.execute("BEGIN")  # ended when the connection closes

            def in_file(sql: str, **params: Any) -> list[tuple[Any, ...]]:
                return [tuple(row) for row in connection.execute(sql, params)]

            yield in_file
    except (sqlite3.Error, OSError) as error:
        fault = faults.explain(error, workspace.path, workspace.path)
        if fault is None:
            raise
        raise fault from error

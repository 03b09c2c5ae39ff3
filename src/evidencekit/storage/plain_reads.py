"""Reads behind the first window, in plain SQL: the submissions list and the catalog files.

On a SQLite workspace they go through the ``sqlite3`` standard library, so the app
can paint its window on the workspace before SQLAlchemy (a third of a second of
CPU to import and map) is loaded; on a server they run through the engine. Each
read is one statement, so it sees one consistent state of the database even while
another process writes. The SQL is the same on both databases (``:name`` parameters
work in sqlite3 and in SQLAlchemy's ``text``).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from evidencekit.domain.ids import AttemptId, CredentialId, SubmissionId, UnitId
from evidencekit.domain.submissions import Attempt, AttemptStatus, Submission
from evidencekit.storage import faults

if TYPE_CHECKING:
    from evidencekit.storage.workspace import Workspace

#: How long a read waits for another process's write to finish (as the engine does).
BUSY_TIMEOUT_S = 10.0

_SUBMISSIONS = """
SELECT s.id, s.credential_id, s.credential_version, s.unit_id, s.title, s.created_at,
       a.id, a.number, a.status, a.created_at,
       (SELECT count(*) FROM evidence AS e WHERE e.attempt_id = a.id)
FROM submissions AS s
JOIN attempts AS a ON a.submission_id = s.id
WHERE a.number = (SELECT max(number) FROM attempts WHERE submission_id = s.id)
ORDER BY s.id
"""

_CATALOG_DOCUMENTS = "SELECT source_name, body FROM catalog_documents ORDER BY id"


@dataclass(frozen=True)
class SubmissionRecord:
    """A submission with its latest attempt and that attempt's amount of evidence."""

    submission: Submission
    attempt: Attempt
    evidence_count: int


def submissions_with_latest_attempt(workspace: Workspace) -> list[SubmissionRecord]:
    return [
        SubmissionRecord(
            Submission(
                SubmissionId(row[0]),
                CredentialId(row[1]),
                row[2],
                UnitId(row[3]) if row[3] else None,
                row[4],
                _moment(row[5]),
            ),
            Attempt(
                AttemptId(row[6]),
                SubmissionId(row[0]),
                row[7],
                AttemptStatus(row[8]),
                _moment(row[9]),
            ),
            row[10],
        )
        for row in _rows(workspace, _SUBMISSIONS)
    ]


def catalog_documents(workspace: Workspace) -> list[tuple[str, str]]:
    """(source name, JSON text) of every imported catalog document, in import order."""
    return [(name, body) for name, body in _rows(workspace, _CATALOG_DOCUMENTS)]


def _rows(workspace: Workspace, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    db = workspace.sqlite_db
    if db is None:
        from sqlalchemy import text

        with workspace.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    # Read-only with a full disk: read the main file whole, as the engine then does.
    target, uri = (
        (f"{db.as_uri()}?immutable=1", True) if workspace.read_only_reason else (db, False)
    )
    try:
        with closing(sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, uri=uri)) as connection:
            return connection.execute(sql, params).fetchall()
    except (sqlite3.Error, OSError) as error:
        fault = faults.explain(error, workspace.path, workspace.path)
        if fault is None:
            raise
        raise fault from error


def _moment(value: datetime | str) -> datetime:
    # SQLite hands back the text SQLAlchemy wrote (UTC, without its zone); servers a datetime.
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

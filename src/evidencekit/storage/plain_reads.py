"""Reads behind the first window, in plain SQL: the submissions list, one submission's
latest attempt with its evidence, and the catalog files.

On a SQLite workspace they go through the ``sqlite3`` standard library, so the app
can paint its window on the workspace before SQLAlchemy (a third of a second of
CPU to import and map) is loaded; on a server they run through the engine. Each
read runs in one read transaction, so it sees one consistent state of the database
even while another process writes. The SQL is the same on both databases (``:name``
parameters work in sqlite3 and in SQLAlchemy's ``text``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from evidencekit.domain.consent import Student
from evidencekit.domain.ids import (
    AttemptId,
    CredentialId,
    EvidenceId,
    SlotId,
    StudentId,
    SubmissionId,
    UnitId,
)
from evidencekit.domain.submissions import (
    Artifact,
    Attempt,
    AttemptStatus,
    Attestation,
    Bookmark,
    Clip,
    Cut,
    CutKind,
    Essay,
    Evidence,
    Submission,
)
from evidencekit.storage import faults

if TYPE_CHECKING:
    from evidencekit.storage.workspace import Workspace

#: How long a read waits for another process's write to finish (as the engine does).
BUSY_TIMEOUT_S = 10.0

_SUBMISSIONS = """
SELECT s.id, s.credential_id, s.credential_version, s.unit_id, s.title, s.created_at,
       a.id, a.number, a.status, a.created_at, a.sealed_at,
       (SELECT count(*) FROM evidence AS e WHERE e.attempt_id = a.id)
FROM submissions AS s
JOIN attempts AS a ON a.submission_id = s.id
WHERE a.number = (SELECT max(number) FROM attempts WHERE submission_id = s.id)
ORDER BY s.id
"""

_CATALOG_DOCUMENTS = "SELECT source_name, body FROM catalog_documents ORDER BY id"

_LATEST_ATTEMPT = """
SELECT s.id, s.credential_id, s.credential_version, s.unit_id, s.title, s.created_at,
       a.id, a.number, a.status, a.created_at, a.sealed_at
FROM submissions AS s
JOIN attempts AS a ON a.submission_id = s.id
WHERE s.id = :submission
ORDER BY a.number DESC
LIMIT 1
"""

_EVIDENCE = """
SELECT id, slot_id, kind, title, text, media_sha256, file_name, size_bytes, duration_s,
       has_audio, cuts, bookmarks, confirmed
FROM evidence
WHERE attempt_id = :attempt
ORDER BY id
"""

_APPEARANCES = """
SELECT es.evidence_id, st.id, st.name, st.consent_video, st.consent_audio,
       st.consent_work_samples, st.form_file_name
FROM evidence_students AS es
JOIN students AS st ON st.id = es.student_id
JOIN evidence AS e ON e.id = es.evidence_id
WHERE e.attempt_id = :attempt
ORDER BY es.evidence_id, st.name
"""


@dataclass(frozen=True)
class SubmissionRecord:
    """A submission with its latest attempt and that attempt's amount of evidence."""

    submission: Submission
    attempt: Attempt
    evidence_count: int


def submissions_with_latest_attempt(workspace: Workspace) -> list[SubmissionRecord]:
    return [
        SubmissionRecord(_submission(row), _attempt(row[6:], row[0]), row[11])
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
        row = found[0]
        attempt_id = row[6]
        evidence = [_evidence(item) for item in query(_EVIDENCE, attempt=attempt_id)]
        appearances: dict[EvidenceId, list[Student]] = {}
        for item in query(_APPEARANCES, attempt=attempt_id):
            appearances.setdefault(EvidenceId(item[0]), []).append(_student(item[1:]))
    return AttemptContents(_submission(row), _attempt(row[6:], row[0]), evidence, appearances)


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


def _submission(row: Sequence[Any]) -> Submission:
    return Submission(
        SubmissionId(row[0]),
        CredentialId(row[1]),
        row[2],
        UnitId(row[3]) if row[3] else None,
        row[4],
        _moment(row[5]),
    )


def _attempt(row: Sequence[Any], submission_id: int) -> Attempt:
    return Attempt(
        AttemptId(row[0]),
        SubmissionId(submission_id),
        row[1],
        AttemptStatus(row[2]),
        _moment(row[3]),
        _moment(row[4]) if row[4] is not None else None,
    )


def _evidence(row: Sequence[Any]) -> Evidence:
    """As storage/repository.py's ``to_evidence`` makes it from the ORM's row."""
    (id_, slot, kind, title, text, sha, file_name, size, duration, audio, cuts, marks, ok) = row
    eid, slot_id = EvidenceId(id_), SlotId(slot)
    match kind:
        case "clip":
            return Clip(
                eid,
                slot_id,
                title,
                sha or "",
                file_name or "",
                size or 0,
                duration or 0.0,
                bool(audio),
                tuple(Cut(float(c["at_s"]), CutKind(c["kind"])) for c in _json_list(cuts)),
                tuple(Bookmark(float(b["seconds"]), str(b["label"])) for b in _json_list(marks)),
            )
        case "essay":
            return Essay(eid, slot_id, title, text or "")
        case "artifact":
            return Artifact(eid, slot_id, title, sha or "", file_name or "", size or 0)
        case _:
            return Attestation(eid, slot_id, title, bool(ok))


def _student(row: Sequence[Any]) -> Student:
    return Student(StudentId(row[0]), row[1], bool(row[2]), bool(row[3]), bool(row[4]), row[5])


def _json_list(value: list[Any] | str | None) -> list[Any]:
    # SQLite hands back the JSON text; a server driver the decoded list.
    if value is None:
        return []
    return value if isinstance(value, list) else list(json.loads(value))


def _moment(value: datetime | str) -> datetime:
    # SQLite hands back the text SQLAlchemy wrote (UTC, without its zone); servers a datetime.
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

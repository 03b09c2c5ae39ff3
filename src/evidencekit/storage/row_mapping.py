"""How a stored row becomes a domain object: one function per table, on plain column values.

The two ways storage reads share these. The ORM repositories hand over a mapped row's
attributes (``column_values``); the plain-SQL reads behind the first window
(plain_reads.py) hand over a ``SELECT`` of the same columns, in the order the
``*_COLUMNS`` tuples give. So this module imports no SQLAlchemy, and the values may
come as either driver returns them: a moment as a datetime or as SQLite's text, JSON
as a decoded list or as text, a flag as a bool or as 0/1.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

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

SUBMISSION_COLUMNS = ("id", "credential_id", "credential_version", "unit_id", "title", "created_at")
ATTEMPT_COLUMNS = ("id", "submission_id", "number", "status", "created_at", "sealed_at")
EVIDENCE_COLUMNS = (
    "id",
    "slot_id",
    "kind",
    "title",
    "text",
    "media_sha256",
    "file_name",
    "size_bytes",
    "duration_s",
    "has_audio",
    "cuts",
    "bookmarks",
    "confirmed",
)
STUDENT_COLUMNS = (
    "id",
    "name",
    "consent_video",
    "consent_audio",
    "consent_work_samples",
    "form_file_name",
)


def column_values(row: object, columns: Sequence[str]) -> tuple[Any, ...]:
    """A mapped row's values, in the order of ``columns``."""
    return tuple(getattr(row, name) for name in columns)


def submission_from(values: Sequence[Any]) -> Submission:
    id_, credential, version, unit, title, created = values
    return Submission(
        SubmissionId(id_),
        CredentialId(credential),
        version,
        UnitId(unit) if unit else None,
        title,
        utc_moment(created),
    )


def attempt_from(values: Sequence[Any]) -> Attempt:
    id_, submission, number, status, created, sealed = values
    return Attempt(
        AttemptId(id_),
        SubmissionId(submission),
        number,
        AttemptStatus(status),
        utc_moment(created),
        utc_moment(sealed) if sealed is not None else None,
    )


def evidence_from(values: Sequence[Any]) -> Evidence:
    (id_, slot, kind, title, text, sha, file_name, size, duration, audio, cuts, marks, ok) = values
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
                tuple(Cut(float(c["at_s"]), CutKind(c["kind"])) for c in json_list(cuts)),
                tuple(Bookmark(float(b["seconds"]), str(b["label"])) for b in json_list(marks)),
            )
        case "essay":
            return Essay(eid, slot_id, title, text or "")
        case "artifact":
            return Artifact(eid, slot_id, title, sha or "", file_name or "", size or 0)
        case _:
            return Attestation(eid, slot_id, title, bool(ok))


def student_from(values: Sequence[Any]) -> Student:
    id_, name, video, audio, work_samples, form_file_name = values
    return Student(
        StudentId(id_), name, bool(video), bool(audio), bool(work_samples), form_file_name
    )


def json_list(value: list[Any] | str | None) -> list[Any]:
    """A JSON list column: SQLite hands back its text, the ORM and servers the list."""
    if value is None:
        return []
    return value if isinstance(value, list) else list(json.loads(value))


def utc_moment(value: datetime | str) -> datetime:
    """A stored moment with its zone. Everything is stored in UTC; SQLite keeps no zone and
    hands back a naive datetime (through the ORM) or the text the ORM wrote (to sqlite3)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

"""Reviews kept in the workspace, listed newest first: the drafts this reviewer writes
(and has sent), and the signed reviews that came back on the teacher's submissions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidencekit.storage.models import AttemptRow, ReceivedReview, ReviewDraft, SubmissionRow


@dataclass(frozen=True)
class DraftRecord:
    id: int
    folder: Path  # the verified bag under review
    bundle_name: str
    role: str
    body: str  # the review as JSON, unsigned
    updated_at: datetime
    exported_at: datetime | None


@dataclass(frozen=True)
class ReceivedRecord:
    role: str
    reviewer: str  # the signing key's fingerprint
    decision: str | None
    document: bytes  # the signed review file as it arrived
    imported_at: datetime
    submission_id: int
    submission_title: str
    attempt_number: int


def drafts(session: Session) -> list[DraftRecord]:
    rows = session.scalars(select(ReviewDraft).order_by(ReviewDraft.id.desc()))
    return [
        DraftRecord(
            d.id, Path(d.folder), d.bundle_name, d.role, d.body, d.updated_at, d.exported_at
        )
        for d in rows
    ]


def received(session: Session) -> list[ReceivedRecord]:
    rows = session.execute(
        select(ReceivedReview, SubmissionRow.title, SubmissionRow.id, AttemptRow.number)
        .join(AttemptRow, AttemptRow.id == ReceivedReview.attempt_id)
        .join(SubmissionRow, SubmissionRow.id == AttemptRow.submission_id)
        .order_by(ReceivedReview.id.desc())
    )
    return [
        ReceivedRecord(r.role, r.reviewer, r.decision, r.document, r.imported_at, sid, title, n)
        for r, title, sid, n in rows
    ]

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


def _record(d: ReviewDraft) -> DraftRecord:
    return DraftRecord(
        d.id, Path(d.folder), d.bundle_name, d.role, d.body, d.updated_at, d.exported_at
    )


def drafts(session: Session) -> list[DraftRecord]:
    rows = session.scalars(select(ReviewDraft).order_by(ReviewDraft.id.desc()))
    return [_record(d) for d in rows]


def drafts_of(session: Session, bundle_sha256: str, role: str) -> list[DraftRecord]:
    """The drafts of one bundle in one role, newest first (several reviewers may share
    a workspace)."""
    rows = session.scalars(
        select(ReviewDraft)
        .where(ReviewDraft.bundle_sha256 == bundle_sha256, ReviewDraft.role == role)
        .order_by(ReviewDraft.id.desc())
    )
    return [_record(d) for d in rows]


def draft(session: Session, draft_id: int) -> DraftRecord | None:
    found = session.get(ReviewDraft, draft_id)
    return None if found is None else _record(found)


def add_draft(
    session: Session, bundle_sha256: str, bundle_name: str, role: str, folder: Path, body: str
) -> int:
    """A new draft; returns its id."""
    row = ReviewDraft(
        bundle_sha256=bundle_sha256,
        bundle_name=bundle_name,
        role=role,
        folder=str(folder),
        body=body,
    )
    session.add(row)
    session.flush()
    return row.id


def move_draft(session: Session, draft_id: int, folder: Path) -> None:
    """The draft now reads the bag kept in ``folder``."""
    row = session.get(ReviewDraft, draft_id)
    if row is not None:
        row.folder = str(folder)


def save_draft(session: Session, draft_id: int, body: str) -> bool:
    """Replace the draft's review; False if there is no such draft."""
    row = session.get(ReviewDraft, draft_id)
    if row is None:
        return False
    row.body = body
    return True


def mark_exported(session: Session, draft_id: int, at: datetime) -> None:
    row = session.get(ReviewDraft, draft_id)
    if row is not None:
        row.exported_at = at


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

"""Attempts after the first: starting one from the last, and reading the last two back."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidencekit.domain.submissions import Attempt, AttemptStatus, Evidence
from evidencekit.storage.models import AttemptRow, EvidenceRow
from evidencekit.storage.repository import to_attempt, to_evidence

# Everything a piece of evidence is, apart from its id and attempt.
_COPIED = ("slot_id", "kind", "title", "text", "media_sha256", "file_name", "size_bytes",
           "duration_s", "has_audio", "cuts", "bookmarks", "confirmed")  # fmt: skip


def start_after(session: Session, previous: Attempt) -> Attempt:
    """A new draft attempt numbered after ``previous``, holding a copy of its evidence."""
    following = AttemptRow(
        submission_id=previous.submission_id,
        number=previous.number + 1,
        status=AttemptStatus.DRAFT.value,
    )
    session.add(following)
    session.flush()
    copied = session.scalars(
        select(EvidenceRow).where(EvidenceRow.attempt_id == previous.id).order_by(EvidenceRow.id)
    )
    session.add_all(
        EvidenceRow(attempt_id=following.id, **{k: getattr(row, k) for k in _COPIED})
        for row in copied.all()
    )
    session.flush()
    return to_attempt(following)


def latest_two(session: Session, submission_id: int) -> list[tuple[Attempt, list[Evidence]]]:
    """The newest attempts (at most two, newest first), each with its evidence."""
    rows = session.scalars(
        select(AttemptRow)
        .where(AttemptRow.submission_id == submission_id)
        .order_by(AttemptRow.number.desc())
        .limit(2)
    )
    return [(to_attempt(row), [to_evidence(e) for e in row.evidence]) for row in rows.all()]

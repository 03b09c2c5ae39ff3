"""Every piece of evidence of every submission's current attempt, in one query."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from evidencekit.domain.ids import SubmissionId
from evidencekit.domain.submissions import Evidence
from evidencekit.storage.models import AttemptRow, EvidenceRow
from evidencekit.storage.repository import to_evidence


def current_evidence(
    session: Session, submission_id: int | None = None
) -> list[tuple[SubmissionId, Evidence]]:
    latest = (
        select(AttemptRow.submission_id, func.max(AttemptRow.number).label("number"))
        .group_by(AttemptRow.submission_id)
        .subquery()
    )
    # Plain rows, not ORM objects: thousands of them load several times faster, and
    # to_evidence only reads attributes, which a row has too.
    query = (
        select(AttemptRow.submission_id.label("submission_id"), *EvidenceRow.__table__.c)
        .join(AttemptRow, AttemptRow.id == EvidenceRow.attempt_id)
        .join(
            latest,
            (latest.c.submission_id == AttemptRow.submission_id)
            & (latest.c.number == AttemptRow.number),
        )
        .order_by(AttemptRow.submission_id, EvidenceRow.id)
    )
    if submission_id is not None:
        query = query.where(AttemptRow.submission_id == submission_id)
    return [
        (SubmissionId(row.submission_id), to_evidence(row))  # type: ignore[arg-type]  # a Row has its fields
        for row in session.execute(query)
    ]

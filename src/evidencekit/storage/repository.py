"""Queries and writes on a workspace session, speaking in domain objects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from evidencekit.domain.errors import EvidenceRejected
from evidencekit.domain.submissions import (
    Attempt,
    AttemptStatus,
    Bookmark,
    Cut,
    Evidence,
    Submission,
)
from evidencekit.domain.text import count_words
from evidencekit.storage.models import (
    AttemptRow,
    CatalogDocument,
    EssayRevision,
    EvidenceRow,
    MediaBlob,
    SubmissionRow,
)
from evidencekit.storage.row_mapping import (
    ATTEMPT_COLUMNS,
    EVIDENCE_COLUMNS,
    SUBMISSION_COLUMNS,
    attempt_from,
    column_values,
    evidence_from,
    submission_from,
    utc_moment,
)


def to_submission(row: SubmissionRow) -> Submission:
    return submission_from(column_values(row, SUBMISSION_COLUMNS))


def to_attempt(row: AttemptRow) -> Attempt:
    return attempt_from(column_values(row, ATTEMPT_COLUMNS))


def to_evidence(row: EvidenceRow) -> Evidence:
    return evidence_from(column_values(row, EVIDENCE_COLUMNS))


# -- submissions and attempts -----------------------------------------------------------


def create_submission(
    session: Session, credential_id: str, version: str, unit_id: str | None, title: str
) -> tuple[Submission, Attempt]:
    row = SubmissionRow(
        credential_id=credential_id, credential_version=version, unit_id=unit_id, title=title
    )
    attempt = AttemptRow(number=1, status=AttemptStatus.DRAFT.value)
    row.attempts.append(attempt)
    session.add(row)
    session.flush()
    return to_submission(row), to_attempt(attempt)


def get_submission(session: Session, submission_id: int) -> Submission | None:
    row = session.get(SubmissionRow, submission_id)
    return to_submission(row) if row is not None else None


def list_submissions(session: Session) -> list[tuple[Submission, list[Attempt]]]:
    """Every submission, oldest first, with its attempts in order (the last is current)."""
    query = select(SubmissionRow).options(selectinload(SubmissionRow.attempts))
    return [
        (to_submission(row), [to_attempt(a) for a in row.attempts])
        for row in session.scalars(query.order_by(SubmissionRow.id))
    ]


def delete_submission(session: Session, submission_id: int) -> None:
    row = session.get(SubmissionRow, submission_id)
    if row is not None:
        session.delete(row)
        session.flush()


def latest_attempt_row(session: Session, submission_id: int) -> AttemptRow | None:
    return session.scalars(
        select(AttemptRow)
        .where(AttemptRow.submission_id == submission_id)
        .order_by(AttemptRow.number.desc())
        .limit(1)
    ).first()


def latest_attempt(session: Session, submission_id: int) -> Attempt | None:
    row = latest_attempt_row(session, submission_id)
    return to_attempt(row) if row is not None else None


def evidence_of(session: Session, attempt_id: int) -> list[Evidence]:
    rows = session.scalars(
        select(EvidenceRow).where(EvidenceRow.attempt_id == attempt_id).order_by(EvidenceRow.id)
    )
    return [to_evidence(r) for r in rows]


# -- evidence ---------------------------------------------------------------------------


def ensure_media_blob(session: Session, sha256: str, size_bytes: int) -> None:
    if session.get(MediaBlob, sha256) is None:
        session.add(MediaBlob(sha256=sha256, size_bytes=size_bytes))
        # Evidence refers to the blob by a plain foreign key, not a relationship, so the
        # ORM cannot order the inserts itself: write the blob first.
        session.flush()


def media_blob_known(session: Session, sha256: str) -> bool:
    return session.get(MediaBlob, sha256) is not None


def find_evidence_by_media(session: Session, attempt_id: int, sha256: str) -> Evidence | None:
    row = session.scalars(
        select(EvidenceRow).where(
            EvidenceRow.attempt_id == attempt_id, EvidenceRow.media_sha256 == sha256
        )
    ).first()
    return to_evidence(row) if row is not None else None


def cuts_json(cuts: Sequence[Cut]) -> list[dict[str, object]]:
    return [{"at_s": c.at_s, "kind": str(c.kind)} for c in cuts]


def bookmarks_json(bookmarks: Sequence[Bookmark]) -> list[dict[str, object]]:
    return [{"seconds": b.seconds, "label": b.label} for b in bookmarks]


def add_evidence(session: Session, attempt_id: int, **fields: object) -> Evidence:
    """A new evidence row; refused if the slot already holds this file."""
    row = EvidenceRow(attempt_id=attempt_id, **fields)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another process attached the same file to the slot a moment ago.
        name = str(fields.get("file_name") or fields.get("title"))
        raise EvidenceRejected(name, "the same file is already attached to this slot.") from None
    return to_evidence(row)


def _slot_row(session: Session, attempt_id: int, slot_id: str, kind: str) -> EvidenceRow | None:
    return session.scalars(
        select(EvidenceRow).where(
            EvidenceRow.attempt_id == attempt_id,
            EvidenceRow.slot_id == slot_id,
            EvidenceRow.kind == kind,
        )
    ).first()


def text_evidence_id(session: Session, attempt_id: int, slot_id: str) -> int | None:
    """The id of the slot's text in that attempt, if it has one."""
    row = _slot_row(session, attempt_id, slot_id, "essay")
    return row.id if row is not None else None


def _one_per_slot_row(
    session: Session, attempt_id: int, slot_id: str, kind: str, title: str
) -> EvidenceRow:
    """The slot's essay or attestation row, made if it is not there yet.

    A unique index holds one such row per slot. On SQLite the write lock is taken
    before this reads, so the look is enough; on PostgreSQL another machine may add
    the row between look and insert, and then its row is used (an upsert).
    """
    row = _slot_row(session, attempt_id, slot_id, kind)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = EvidenceRow(attempt_id=attempt_id, slot_id=slot_id, kind=kind, title=title)
            session.add(row)
    except IntegrityError:
        row = _slot_row(session, attempt_id, slot_id, kind)
        if row is None:
            raise
    return row


def save_text(
    session: Session,
    attempt_id: int,
    slot_id: str,
    title: str,
    text: str,
    coalesce_within: timedelta | None = None,
) -> Evidence:
    """Set an essay's or answer's text, keeping the previous text as a revision.

    With ``coalesce_within``, a save that follows the newest revision that closely
    updates it instead of adding one, so autosave does not flood the history.
    """
    row = _one_per_slot_row(session, attempt_id, slot_id, "essay", title)
    if row.text == text:
        return to_evidence(row)
    row.text = text
    now = datetime.now(UTC)
    latest = _recent_revision(row, now - coalesce_within) if coalesce_within else None
    if latest is not None:
        latest.text, latest.word_count, latest.saved_at = text, count_words(text), now
    else:
        row.revisions.append(EssayRevision(text=text, word_count=count_words(text), saved_at=now))
    session.flush()
    return to_evidence(row)


def _recent_revision(row: EvidenceRow, since: datetime) -> EssayRevision | None:
    latest = row.revisions[-1] if row.revisions else None
    return latest if latest is not None and utc_moment(latest.saved_at) > since else None


def set_attestation(
    session: Session, attempt_id: int, slot_id: str, title: str, confirmed: bool
) -> Evidence:
    row = _one_per_slot_row(session, attempt_id, slot_id, "attestation", title)
    row.confirmed = confirmed
    session.flush()
    return to_evidence(row)


def evidence_item(session: Session, attempt_id: int, evidence_id: int) -> Evidence | None:
    """The piece of evidence, or None unless it belongs to that attempt."""
    row = session.get(EvidenceRow, evidence_id)
    return to_evidence(row) if row is not None and row.attempt_id == attempt_id else None


def delete_evidence(session: Session, attempt_id: int, evidence_id: int) -> bool:
    row = session.get(EvidenceRow, evidence_id)
    if row is None or row.attempt_id != attempt_id:
        return False
    session.delete(row)
    session.flush()
    return True


def revisions_of(session: Session, evidence_id: int) -> list[tuple[int, datetime, int]]:
    """(revision id, saved at, word count) of an essay, oldest first."""
    rows = session.execute(
        select(EssayRevision.id, EssayRevision.saved_at, EssayRevision.word_count)
        .where(EssayRevision.evidence_id == evidence_id)
        .order_by(EssayRevision.id)
    )
    return [(i, utc_moment(at), words) for i, at, words in rows]


def revision_text(session: Session, evidence_id: int, revision_id: int) -> str | None:
    row = session.get(EssayRevision, revision_id)
    return row.text if row is not None and row.evidence_id == evidence_id else None


# -- catalog documents -----------------------------------------------------------------


def add_catalog_document(session: Session, sha256: str, source_name: str, body: str) -> bool:
    """Store a document; False when the identical document was already imported."""
    exists = session.scalars(
        select(CatalogDocument).where(CatalogDocument.sha256 == sha256)
    ).first()
    if exists is not None:
        return False
    session.add(CatalogDocument(sha256=sha256, source_name=source_name, body=body))
    session.flush()
    return True

"""The teacher's record of reviews: which bundles she sent (and where each piece of
evidence sits in them), and the signed reviews that came back on them."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidencekit.domain.review import ReviewerRole
from evidencekit.domain.submissions import Attempt, AttemptStatus, Evidence
from evidencekit.storage.models import AttemptRow, EvidenceRow, PackedBundle, ReceivedReview, utcnow
from evidencekit.storage.repository import to_attempt, to_evidence


@dataclass(frozen=True)
class ReturnedReview:
    """A review received on one of her attempts, with the evidence it comments on."""

    attempt_number: int
    role: str
    reviewer: str  # the signing key's fingerprint
    sha256: str  # the return file's own hash
    bundle_sha256: str  # the bundle it reviews
    document: bytes  # the signed review file as it arrived
    evidence: dict[str, Evidence]  # by its path in that bundle


def record_packed_bundle(
    session: Session, attempt_id: int, sha256: str, file_name: str, paths: dict[str, int]
) -> None:
    session.merge(
        PackedBundle(
            sha256=sha256,
            attempt_id=attempt_id,
            file_name=file_name,
            paths_json=json.dumps(paths, sort_keys=True),
        )
    )


def mark_packed(session: Session, attempt_id: int, editable: Collection[AttemptStatus]) -> None:
    """An attempt still being edited becomes packed; the first seal is dated once."""
    attempt = session.get(AttemptRow, attempt_id)
    if attempt is None:
        return
    if attempt.status in editable:
        attempt.status = AttemptStatus.PACKED.value
    if attempt.sealed_at is None:
        attempt.sealed_at = utcnow()


def sent_bundles(session: Session) -> set[str]:
    """The sha256 of every bundle she packed."""
    return set(session.scalars(select(PackedBundle.sha256)))


def attempt_of_bundle(session: Session, bundle_sha256: str) -> Attempt | None:
    packed = session.get(PackedBundle, bundle_sha256)
    attempt = None if packed is None else session.get(AttemptRow, packed.attempt_id)
    return None if attempt is None else to_attempt(attempt)


def evaluation_of(session: Session, submission_id: int, attempt_number: int) -> str | None:
    """The sha256 of the newest evaluator's review of that attempt, if one came back."""
    return session.scalars(
        select(ReceivedReview.sha256)
        .join(AttemptRow, AttemptRow.id == ReceivedReview.attempt_id)
        .where(
            AttemptRow.submission_id == submission_id,
            AttemptRow.number == attempt_number,
            ReceivedReview.role == ReviewerRole.EVALUATOR.value,
        )
        .order_by(ReceivedReview.id.desc())
    ).first()


def has_received(session: Session, attempt_id: int, sha256: str) -> bool:
    found = session.scalars(
        select(ReceivedReview.id).where(
            ReceivedReview.attempt_id == attempt_id, ReceivedReview.sha256 == sha256
        )
    ).first()
    return found is not None


def add_received(
    session: Session,
    attempt_id: int,
    bundle_sha256: str,
    sha256: str,
    role: str,
    reviewer: str,
    decision: str | None,
    document: bytes,
) -> None:
    session.add(
        ReceivedReview(
            attempt_id=attempt_id,
            bundle_sha256=bundle_sha256,
            sha256=sha256,
            role=role,
            reviewer=reviewer,
            decision=decision,
            document=document,
        )
    )


def set_status(session: Session, attempt_id: int, status: AttemptStatus) -> None:
    attempt = session.get(AttemptRow, attempt_id)
    if attempt is not None:
        attempt.status = status.value


def returned_on(session: Session, submission_id: int) -> list[ReturnedReview]:
    """Every review received on the submission's attempts, newest first."""
    rows = session.execute(
        select(ReceivedReview, AttemptRow.number, PackedBundle.paths_json)
        .join(AttemptRow, AttemptRow.id == ReceivedReview.attempt_id)
        .join(PackedBundle, PackedBundle.sha256 == ReceivedReview.bundle_sha256)
        .where(AttemptRow.submission_id == submission_id)
        .order_by(ReceivedReview.id.desc())
    ).all()
    return [
        ReturnedReview(
            number,
            received.role,
            received.reviewer,
            received.sha256,
            received.bundle_sha256,
            received.document,
            _evidence_by_path(session, json.loads(paths_json)),
        )
        for received, number, paths_json in rows
    ]


def _evidence_by_path(session: Session, paths: dict[str, int]) -> dict[str, Evidence]:
    found = session.scalars(select(EvidenceRow).where(EvidenceRow.id.in_(paths.values())))
    rows = {row.id: to_evidence(row) for row in found}
    return {path: rows[eid] for path, eid in paths.items() if eid in rows}

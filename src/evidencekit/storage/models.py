"""SQLAlchemy models of a workspace. Only the storage layer sees these."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints keep migrations reproducible on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ATTEMPT_STATUSES = ("draft", "ready", "packed", "returned", "earned")
EVIDENCE_KINDS = ("clip", "essay", "artifact", "attestation")
#: Kinds a slot holds one of per attempt (migration 0010 makes the database say so).
ONE_PER_SLOT_KINDS = ("essay", "attestation")
_ONE_PER_SLOT = text(f"kind IN {ONE_PER_SLOT_KINDS!r}")
_HAS_FILE = text("media_sha256 IS NOT NULL")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CatalogDocument(Base):
    """A catalog file a district imported, kept verbatim so the workspace is self-contained."""

    __tablename__ = "catalog_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_name: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SubmissionRow(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    credential_id: Mapped[str] = mapped_column(String(64), index=True)
    credential_version: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    attempts: Mapped[list[AttemptRow]] = relationship(
        back_populates="submission", order_by="AttemptRow.number", cascade="all, delete-orphan"
    )


class AttemptRow(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("submission_id", "number"),
        CheckConstraint(f"status IN {ATTEMPT_STATUSES!r}", name="status"),
        CheckConstraint("number >= 1", name="number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When it was first sealed (migration 0012); None while it is being worked on.
    sealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    submission: Mapped[SubmissionRow] = relationship(back_populates="attempts")
    evidence: Mapped[list[EvidenceRow]] = relationship(
        back_populates="attempt", order_by="EvidenceRow.id", cascade="all, delete-orphan"
    )


class MediaBlob(Base):
    """A file in the content-addressed media store, named by its SHA-256."""

    __tablename__ = "media_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EvidenceRow(Base):
    """One piece of evidence linked to a requirement slot; which columns matter depends on kind."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(f"kind IN {EVIDENCE_KINDS!r}", name="kind"),
        # Concurrent saves from two processes converge on one row instead of adding two.
        Index(
            "uq_evidence_one_per_slot",
            "attempt_id",
            "slot_id",
            "kind",
            unique=True,
            sqlite_where=_ONE_PER_SLOT,
            postgresql_where=_ONE_PER_SLOT,
        ),
        Index(
            "uq_evidence_file_per_slot",
            "attempt_id",
            "slot_id",
            "media_sha256",
            unique=True,
            sqlite_where=_HAS_FILE,
            postgresql_where=_HAS_FILE,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), index=True
    )
    slot_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)
    media_sha256: Mapped[str | None] = mapped_column(ForeignKey("media_blobs.sha256"))
    file_name: Mapped[str | None] = mapped_column(String(255))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    duration_s: Mapped[float | None] = mapped_column(Float)
    has_audio: Mapped[bool | None] = mapped_column(Boolean)
    # Where a clip's takes join, as [{"at_s", "kind"}]; empty for one take (migration 0006).
    cuts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    # Moments marked while recording, as [{"seconds", "label"}] (migration 0009).
    bookmarks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    confirmed: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    attempt: Mapped[AttemptRow] = relationship(back_populates="evidence")
    revisions: Mapped[list[EssayRevision]] = relationship(
        back_populates="evidence", order_by="EssayRevision.id", cascade="all, delete-orphan"
    )


class EssayRevision(Base):
    """Every saved version of an essay or answer, so an earlier one can be restored."""

    __tablename__ = "essay_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    evidence: Mapped[EvidenceRow] = relationship(back_populates="revisions")


# -- reviews (migration 0008) -----------------------------------------------------------


class PackedBundle(Base):
    """A bundle sealed from an attempt: its hash is what a returned review must name."""

    __tablename__ = "packed_bundles"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(255))
    # bundle path of each evidence file -> evidence id, to place returned comments
    paths_json: Mapped[str] = mapped_column(Text)
    packed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReceivedReview(Base):
    """A verified return file the teacher imported, kept byte for byte."""

    __tablename__ = "received_reviews"
    __table_args__ = (UniqueConstraint("attempt_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), index=True
    )
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str | None] = mapped_column(String(16))
    document: Mapped[bytes] = mapped_column(LargeBinary)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewDraft(Base):
    """A review being written by an evaluator or coach, autosaved as they go."""

    __tablename__ = "review_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_sha256: Mapped[str] = mapped_column(String(64), index=True)
    bundle_name: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    folder: Mapped[str] = mapped_column(Text)  # the verified, extracted bag being reviewed
    body: Mapped[str] = mapped_column(Text)  # the review as JSON, without signature
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    exported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# -- Review centre (migration 0007) ---------------------------------------------------
# A queue of verified bundles shared by many evaluators, each bundle scored twice.

REVIEW_SLOT_STATUSES = ("open", "claimed", "done")
ASSIGNMENT_STATUSES = ("active", "completed", "released", "expired")
#: Assignments that hold their slot; released and expired ones are history.
HOLDING_STATUSES = ("active", "completed")
_HOLDING = text(f"status IN {HOLDING_STATUSES!r}")


class ReviewBundle(Base):
    """A verified bundle waiting for (or done with) its two scorings."""

    __tablename__ = "review_bundles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    location: Mapped[str] = mapped_column(String(1024))
    credential_id: Mapped[str] = mapped_column(String(64))
    credential_version: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[str | None] = mapped_column(String(64))
    attempt: Mapped[int] = mapped_column(Integer)
    candidate_pseudonym: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ReviewSlot(Base):
    """One of a bundle's two scorings; the row claimers lock."""

    __tablename__ = "review_slots"
    __table_args__ = (
        UniqueConstraint("bundle_id", "slot"),
        CheckConstraint("slot IN (1, 2)", name="slot"),
        CheckConstraint(f"status IN {REVIEW_SLOT_STATUSES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("review_bundles.id", ondelete="CASCADE"))
    slot: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)


class ReviewAssignment(Base):
    """A slot given to an evaluator. The partial unique indexes are the guarantees:
    a slot is held by one assignment, and an evaluator holds at most one slot of a bundle."""

    __tablename__ = "review_assignments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["bundle_id", "slot"],
            ["review_slots.bundle_id", "review_slots.slot"],
            ondelete="CASCADE",
        ),
        CheckConstraint("slot IN (1, 2)", name="slot"),
        CheckConstraint(f"status IN {ASSIGNMENT_STATUSES!r}", name="status"),
        CheckConstraint("(status = 'completed') = (completed_at IS NOT NULL)", name="completed_at"),
        Index(
            "uq_review_assignments_slot_held",
            "bundle_id",
            "slot",
            unique=True,
            sqlite_where=_HOLDING,
            postgresql_where=_HOLDING,
        ),
        Index(
            "uq_review_assignments_evaluator_held",
            "bundle_id",
            "evaluator",
            unique=True,
            sqlite_where=_HOLDING,
            postgresql_where=_HOLDING,
        ),
        Index("ix_review_assignments_status_claimed_at", "status", "claimed_at"),
        Index("ix_review_assignments_status_renewed_at", "status", "renewed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_id: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    evaluator: Mapped[str] = mapped_column(String(200), index=True)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The claim's lease: renewed while the evaluator works, stale when it is not (0011).
    renewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="active")


class ReviewScore(Base):
    """The level a completed review gave one criterion."""

    __tablename__ = "review_scores"
    __table_args__ = (UniqueConstraint("assignment_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="CASCADE")
    )
    criterion_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(64))


# --- Derived media (issue 4: video) -------------------------------------------------------


class DerivedMedia(Base):
    """A file made from a stored original by a named recipe (e.g. the bundle's MP4).

    Both files live in the media store; the row lets a re-pack reuse the derived
    file instead of encoding the clip again.
    """

    __tablename__ = "derived_media"

    source_sha256: Mapped[str] = mapped_column(
        ForeignKey("media_blobs.sha256", ondelete="CASCADE"), primary_key=True
    )
    recipe: Mapped[str] = mapped_column(String(120), primary_key=True)
    derived_sha256: Mapped[str] = mapped_column(ForeignKey("media_blobs.sha256"), index=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# -- class roster and consent (migration 0003) -----------------------------------------


class StudentRow(Base):
    """A student by first name or pseudonym, with what they (or guardians) consented to."""

    __tablename__ = "students"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    consent_video: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_audio: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_work_samples: Mapped[bool] = mapped_column(Boolean, default=False)
    form_sha256: Mapped[str | None] = mapped_column(ForeignKey("media_blobs.sha256"))
    form_file_name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EvidenceStudent(Base):
    """A student who can be seen or heard in a clip, or whose work a sample shows."""

    __tablename__ = "evidence_students"

    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# -- wallet: credentials the teacher earned (migration 0005) ----------------------------


class WalletCredential(Base):
    """An Open Badges credential, checked when it arrived and kept verbatim."""

    __tablename__ = "wallet_credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)  # of its JCS form
    achievement_id: Mapped[str] = mapped_column(String(300), index=True)
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(40))  # the signing key's fingerprint
    valid_from: Mapped[str] = mapped_column(String(40))
    # the bundle it was awarded for, when it came in a review of one the teacher sent
    bundle_sha256: Mapped[str | None] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

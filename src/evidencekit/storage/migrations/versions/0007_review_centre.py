"""Review centre: a shared queue of bundles, two scoring slots each, claims and scores.

Revision ID: 0007
Revises: 0008
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)
_HOLDING = "status IN ('active', 'completed')"


def upgrade() -> None:
    op.create_table(
        "review_bundles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("location", sa.String(1024), nullable=False),
        sa.Column("credential_id", sa.String(64), nullable=False),
        sa.Column("credential_version", sa.String(32), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("candidate_pseudonym", sa.String(64), nullable=True),
        sa.Column("submitted_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_bundles")),
        sa.UniqueConstraint("sha256", name=op.f("uq_review_bundles_sha256")),
    )
    op.create_index(
        op.f("ix_review_bundles_submitted_at"), "review_bundles", ["submitted_at"], unique=False
    )
    op.create_table(
        "review_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.CheckConstraint("slot IN (1, 2)", name=op.f("ck_review_slots_slot")),
        sa.CheckConstraint(
            "status IN ('open', 'claimed', 'done')", name=op.f("ck_review_slots_status")
        ),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["review_bundles.id"],
            name=op.f("fk_review_slots_bundle_id_review_bundles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_slots")),
        sa.UniqueConstraint("bundle_id", "slot", name=op.f("uq_review_slots_bundle_id")),
    )
    op.create_index(op.f("ix_review_slots_status"), "review_slots", ["status"], unique=False)
    op.create_table(
        "review_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("evaluator", sa.String(200), nullable=False),
        sa.Column("claimed_at", _TS, nullable=False),
        sa.Column("completed_at", _TS, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.CheckConstraint("slot IN (1, 2)", name=op.f("ck_review_assignments_slot")),
        sa.CheckConstraint(
            "status IN ('active', 'completed', 'released', 'expired')",
            name=op.f("ck_review_assignments_status"),
        ),
        sa.CheckConstraint(
            "(status = 'completed') = (completed_at IS NOT NULL)",
            name=op.f("ck_review_assignments_completed_at"),
        ),
        sa.ForeignKeyConstraint(
            ["bundle_id", "slot"],
            ["review_slots.bundle_id", "review_slots.slot"],
            name=op.f("fk_review_assignments_bundle_id_review_slots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_assignments")),
    )
    op.create_index(
        op.f("ix_review_assignments_evaluator"), "review_assignments", ["evaluator"], unique=False
    )
    op.create_index(
        "ix_review_assignments_status_claimed_at",
        "review_assignments",
        ["status", "claimed_at"],
        unique=False,
    )
    # The two guarantees of the queue, enforced by the database itself: a slot is held
    # by one assignment, and an evaluator holds at most one slot of a bundle.
    for name, columns in (
        ("uq_review_assignments_slot_held", ["bundle_id", "slot"]),
        ("uq_review_assignments_evaluator_held", ["bundle_id", "evaluator"]),
    ):
        op.create_index(
            name,
            "review_assignments",
            columns,
            unique=True,
            sqlite_where=sa.text(_HOLDING),
            postgresql_where=sa.text(_HOLDING),
        )
    op.create_table(
        "review_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.String(64), nullable=False),
        sa.Column("level", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["review_assignments.id"],
            name=op.f("fk_review_scores_assignment_id_review_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_scores")),
        sa.UniqueConstraint(
            "assignment_id", "criterion_id", name=op.f("uq_review_scores_assignment_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("review_scores")
    op.drop_table("review_assignments")
    op.drop_index(op.f("ix_review_slots_status"), table_name="review_slots")
    op.drop_table("review_slots")
    op.drop_index(op.f("ix_review_bundles_submitted_at"), table_name="review_bundles")
    op.drop_table("review_bundles")

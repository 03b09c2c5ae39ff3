"""Reviews: bundles sealed from attempts, return files received, review drafts.

Revision ID: 0008
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0002"
branch_labels = None
depends_on = None


def _attempt_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["attempt_id"],
        ["attempts.id"],
        name=op.f(f"fk_{table}_attempt_id_attempts"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "packed_bundles",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("paths_json", sa.Text(), nullable=False),
        sa.Column("packed_at", sa.DateTime(timezone=True), nullable=False),
        _attempt_fk("packed_bundles"),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_packed_bundles")),
    )
    op.create_index(
        op.f("ix_packed_bundles_attempt_id"), "packed_bundles", ["attempt_id"], unique=False
    )
    op.create_table(
        "received_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("bundle_sha256", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("reviewer", sa.String(40), nullable=False),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        _attempt_fk("received_reviews"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_reviews")),
        sa.UniqueConstraint("attempt_id", "sha256", name=op.f("uq_received_reviews_attempt_id")),
    )
    op.create_index(
        op.f("ix_received_reviews_attempt_id"), "received_reviews", ["attempt_id"], unique=False
    )
    op.create_table(
        "review_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_sha256", sa.String(64), nullable=False),
        sa.Column("bundle_name", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_drafts")),
    )
    op.create_index(
        op.f("ix_review_drafts_bundle_sha256"), "review_drafts", ["bundle_sha256"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_review_drafts_bundle_sha256"), table_name="review_drafts")
    op.drop_table("review_drafts")
    op.drop_index(op.f("ix_received_reviews_attempt_id"), table_name="received_reviews")
    op.drop_table("received_reviews")
    op.drop_index(op.f("ix_packed_bundles_attempt_id"), table_name="packed_bundles")
    op.drop_table("packed_bundles")

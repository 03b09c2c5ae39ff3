"""Review-centre claims become leases: renewed while the evaluator works.

A claim is stale when it was not renewed for a few minutes (it was 48 hours after
it was made), so a claimer that died gives its slot back quickly. Claims made
before this count as renewed when they were made.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_assignments") as batch:
        batch.add_column(sa.Column("renewed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE review_assignments SET renewed_at = claimed_at")
    with op.batch_alter_table("review_assignments") as batch:
        batch.alter_column("renewed_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index(
        "ix_review_assignments_status_renewed_at",
        "review_assignments",
        ["status", "renewed_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_review_assignments_status_renewed_at", "review_assignments")
    with op.batch_alter_table("review_assignments") as batch:
        batch.drop_column("renewed_at")

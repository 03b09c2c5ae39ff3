"""Attempts record when they were sealed, so the app can say "Sealed 3 Dec".

Attempts sealed before this take the moment of their first packed bundle; an
attempt still being worked on keeps none (a draft packed for a coach is not sealed).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE attempts SET sealed_at = (SELECT MIN(packed_at) FROM packed_bundles"
        " WHERE packed_bundles.attempt_id = attempts.id)"
        " WHERE status IN ('packed', 'returned', 'earned')"
    )


def downgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("sealed_at")

"""Clip bookmarks: the moments marked while recording, kept with the clip's evidence.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Clips added before this have no bookmarks stored; their sidecars were not kept.
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("bookmarks", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("bookmarks")

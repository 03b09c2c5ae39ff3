"""Clip takes: where the takes of a clip join (paused recordings, edited exports).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Clips added before this was recorded count as one take: nothing is known against them.
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("cuts", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("cuts")

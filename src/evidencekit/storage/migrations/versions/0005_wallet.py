"""Wallet: the Open Badges credentials a teacher has earned.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wallet_credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("achievement_id", sa.String(300), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("issuer", sa.String(40), nullable=False),
        sa.Column("valid_from", sa.String(40), nullable=False),
        sa.Column("bundle_sha256", sa.String(64), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_credentials")),
        sa.UniqueConstraint("sha256", name=op.f("uq_wallet_credentials_sha256")),
    )
    op.create_index(
        op.f("ix_wallet_credentials_achievement_id"),
        "wallet_credentials",
        ["achievement_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_wallet_credentials_achievement_id"), table_name="wallet_credentials")
    op.drop_table("wallet_credentials")

"""Derived media: the browser-ready copy of a clip, made once and reused by every pack.

Revision ID: 0004
Revises: 0007
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "derived_media",
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("recipe", sa.String(120), nullable=False),
        sa.Column("derived_sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_sha256"],
            ["media_blobs.sha256"],
            name=op.f("fk_derived_media_source_sha256_media_blobs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["derived_sha256"],
            ["media_blobs.sha256"],
            name=op.f("fk_derived_media_derived_sha256_media_blobs"),
        ),
        sa.PrimaryKeyConstraint("source_sha256", "recipe", name=op.f("pk_derived_media")),
    )
    op.create_index(
        op.f("ix_derived_media_derived_sha256"), "derived_media", ["derived_sha256"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_derived_media_derived_sha256"), table_name="derived_media")
    op.drop_table("derived_media")

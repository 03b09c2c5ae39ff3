"""Keep every saved version of an essay or answer (version history with restore).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from evidencekit.domain.text import count_words

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "essay_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_essay_revisions_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_essay_revisions")),
    )
    op.create_index(
        op.f("ix_essay_revisions_evidence_id"), "essay_revisions", ["evidence_id"], unique=False
    )
    # Essays written before history existed get their current text as the first version.
    op.execute(
        "INSERT INTO essay_revisions (evidence_id, text, word_count, saved_at) "
        "SELECT id, text, 0, updated_at FROM evidence WHERE kind = 'essay' AND text IS NOT NULL"
    )
    bind = op.get_bind()
    for revision_id, body in bind.execute(sa.text("SELECT id, text FROM essay_revisions")).all():
        bind.execute(
            sa.text("UPDATE essay_revisions SET word_count = :n WHERE id = :id"),
            {"n": count_words(body), "id": revision_id},
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_essay_revisions_evidence_id"), table_name="essay_revisions")
    op.drop_table("essay_revisions")

"""Class roster: students, their consent, and who appears in which evidence.

Revision ID: 0003
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "students",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("consent_video", sa.Boolean(), nullable=False),
        sa.Column("consent_audio", sa.Boolean(), nullable=False),
        sa.Column("consent_work_samples", sa.Boolean(), nullable=False),
        sa.Column("form_sha256", sa.String(64), nullable=True),
        sa.Column("form_file_name", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_sha256"],
            ["media_blobs.sha256"],
            name=op.f("fk_students_form_sha256_media_blobs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_students")),
        sa.UniqueConstraint("name", name=op.f("uq_students_name")),
    )
    op.create_table(
        "evidence_students",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_evidence_students_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_evidence_students_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("evidence_id", "student_id", name=op.f("pk_evidence_students")),
    )
    op.create_index(
        op.f("ix_evidence_students_student_id"),
        "evidence_students",
        ["student_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_students_student_id"), table_name="evidence_students")
    op.drop_table("evidence_students")
    op.drop_table("students")

"""One essay (or attestation) per slot and one attachment per file per slot, in the database.

Two processes saving the same empty slot at once could each add a row (the pack
then refused "has 10 versions attached"). Duplicates already made are merged:
the most recently saved essay row keeps every row's revisions, and a file
attached twice keeps its first row and all students marked on either.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ONE_PER_SLOT = sa.text("kind IN ('essay', 'attestation')")
_HAS_FILE = sa.text("media_sha256 IS NOT NULL")


def _merge(connection: sa.Connection, keep: int, others: list[int]) -> None:
    params = {"keep": keep}
    for other in others:
        params["other"] = other
        connection.execute(
            sa.text("UPDATE essay_revisions SET evidence_id = :keep WHERE evidence_id = :other"),
            params,
        )
        # A student already marked on the kept row stays once.
        connection.execute(
            sa.text(
                "DELETE FROM evidence_students WHERE evidence_id = :other AND student_id IN "
                "(SELECT student_id FROM evidence_students WHERE evidence_id = :keep)"
            ),
            params,
        )
        connection.execute(
            sa.text("UPDATE evidence_students SET evidence_id = :keep WHERE evidence_id = :other"),
            params,
        )
        connection.execute(sa.text("DELETE FROM evidence WHERE id = :other"), params)


def _merge_duplicates(connection: sa.Connection) -> None:
    texts = connection.execute(
        sa.text(
            "SELECT attempt_id, slot_id, kind, id FROM evidence "
            "WHERE kind IN ('essay', 'attestation') ORDER BY updated_at DESC, id DESC"
        )
    ).all()
    files = connection.execute(
        sa.text(
            "SELECT attempt_id, slot_id, media_sha256, id FROM evidence "
            "WHERE media_sha256 IS NOT NULL ORDER BY id"
        )
    ).all()
    for rows in (texts, files):
        groups: dict[tuple[object, ...], list[int]] = {}
        for *key, row_id in rows:
            groups.setdefault(tuple(key), []).append(row_id)
        for ids in groups.values():
            if len(ids) > 1:
                _merge(connection, ids[0], ids[1:])


def upgrade() -> None:
    _merge_duplicates(op.get_bind())
    op.create_index(
        "uq_evidence_one_per_slot",
        "evidence",
        ["attempt_id", "slot_id", "kind"],
        unique=True,
        sqlite_where=_ONE_PER_SLOT,
        postgresql_where=_ONE_PER_SLOT,
    )
    op.create_index(
        "uq_evidence_file_per_slot",
        "evidence",
        ["attempt_id", "slot_id", "media_sha256"],
        unique=True,
        sqlite_where=_HAS_FILE,
        postgresql_where=_HAS_FILE,
    )


def downgrade() -> None:
    op.drop_index("uq_evidence_file_per_slot", "evidence")
    op.drop_index("uq_evidence_one_per_slot", "evidence")

"""A workspace left at an older schema revision, holding one clip, for upgrade tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from evidencekit.storage import schema_version
from evidencekit.storage.workspace import APPLICATION_ID, DB_FILE

_ONE_CLIP = (
    "INSERT INTO submissions (id, credential_id, credential_version, title, created_at)"
    " VALUES (1, 'checking-for-understanding', '1.0', 'Old one', '2026-01-01')",
    "INSERT INTO attempts (id, submission_id, number, status, created_at)"
    " VALUES (1, 1, 1, 'draft', '2026-01-01')",
    f"INSERT INTO media_blobs (sha256, size_bytes, created_at) VALUES ('{'a' * 64}', 10,"
    " '2026-01-01')",
    "INSERT INTO evidence (id, attempt_id, slot_id, kind, title, media_sha256, file_name,"
    " size_bytes, duration_s, has_audio, created_at, updated_at) VALUES (1, 1, 'q-clip',"
    f" 'clip', 'Lesson', '{'a' * 64}', 'l.mp4', 10, 60.0, 1, '2026-01-01', '2026-01-01')",
)


def workspace_with_one_clip_at(folder: Path, revision: str) -> Path:
    """``folder`` as a workspace migrated only up to ``revision``, with clip 1 in it."""
    folder.mkdir()
    engine = create_engine(f"sqlite:///{folder / DB_FILE}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        schema_version.upgrade(conn, revision)
        for statement in _ONE_CLIP:
            conn.execute(text(statement))
    engine.dispose()
    return folder

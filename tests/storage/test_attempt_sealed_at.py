"""An attempt records when it was sealed; attempts sealed before migration 0012 take the
moment of their first packed bundle, and old workspaces still open."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from evidencekit.storage import repository, schema_version
from evidencekit.storage.workspace import DB_FILE, open_workspace
from tests.storage.old_workspace import workspace_with_one_clip_at


def test_upgrade_from_0011_dates_sealed_attempts_by_their_first_bundle(tmp_path: Path) -> None:
    folder = workspace_with_one_clip_at(tmp_path / "ws", "0011")
    engine = create_engine(f"sqlite:///{folder / DB_FILE}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE attempts SET status = 'packed' WHERE id = 1"))
        conn.execute(
            text(
                "INSERT INTO submissions (id, credential_id, credential_version, title,"
                " created_at) VALUES (2, 'checking-for-understanding', '1.0', 'Draft', "
                "'2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO attempts (id, submission_id, number, status, created_at)"
                " VALUES (2, 2, 1, 'draft', '2026-01-01')"
            )
        )
        bundles = (  # two seals of attempt 1; a draft of attempt 2 packed for a coach
            ("b" * 64, 1, "2026-02-03 10:00:00"),
            ("c" * 64, 1, "2026-03-01"),
            ("d" * 64, 2, "2026-01-15"),
        )
        for sha, attempt, moment in bundles:
            conn.execute(
                text(
                    "INSERT INTO packed_bundles (sha256, attempt_id, file_name, paths_json,"
                    f" packed_at) VALUES ('{sha}', {attempt}, 'a.evkit', '{{}}', '{moment}')"
                )
            )
    engine.dispose()

    with open_workspace(folder) as ws:
        with ws.engine.connect() as conn:
            assert schema_version.current_revision(conn) == schema_version.HEAD_REVISION
        with ws.unit_of_work() as session:
            sealed = repository.to_attempt(repository.latest_attempt_row(session, 1))
            draft = repository.to_attempt(repository.latest_attempt_row(session, 2))
    assert sealed.sealed_at == datetime(2026, 2, 3, 10, 0, tzinfo=UTC)
    assert draft.sealed_at is None

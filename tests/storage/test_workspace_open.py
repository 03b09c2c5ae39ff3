"""Opening workspaces: pragmas, refusals that leave files untouched, migrations with backup."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from evidencekit.domain.errors import WorkspaceError, WorkspaceTooNew
from evidencekit.storage import schema_version
from evidencekit.storage.models import Base
from evidencekit.storage.workspace import APPLICATION_ID, DB_FILE, open_workspace


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): digest(p) for p in sorted(path.rglob("*")) if p.is_file()}


def test_head_revision_constant_is_the_newest_migration() -> None:
    """Opening skips Alembic when a database is at HEAD_REVISION: it must be the real head."""
    assert schema_version.scripts_head() == schema_version.HEAD_REVISION


def test_opening_an_up_to_date_workspace_does_not_load_alembic(tmp_path: Path) -> None:
    open_workspace(tmp_path / "ws").close()
    probe = (
        "import sys; from pathlib import Path;"
        "from evidencekit.storage.workspace import open_workspace;"
        f"open_workspace(Path({str(tmp_path / 'ws')!r})).close();"
        "print('alembic' in sys.modules)"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.stdout.strip() == "False", loaded.stderr


def test_new_workspace_uses_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    with open_workspace(tmp_path / "ws") as ws, ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert schema_version.current_revision(conn) == schema_version.HEAD_REVISION
    assert (tmp_path / "ws" / "media").is_dir()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    with open_workspace(tmp_path / "ws") as ws, ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


@pytest.mark.postgres
def test_models_and_migrations_agree_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    with open_workspace(tmp_path / "ws", postgres_url) as ws, ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_reopening_is_harmless(tmp_path: Path) -> None:
    open_workspace(tmp_path / "ws").close()
    open_workspace(tmp_path / "ws").close()
    assert not (tmp_path / "ws" / "backups").exists()


def test_a_file_instead_of_a_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("hello")
    with pytest.raises(WorkspaceError, match="a file, not a folder"):
        open_workspace(target)
    assert target.read_text() == "hello"


def test_non_database_file_is_refused_and_untouched(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / DB_FILE).write_bytes(b"This is my thesis, not a database.\n" * 200)
    before = folder_state(ws)
    with pytest.raises(WorkspaceError, match="not an EvidenceKit database"):
        open_workspace(ws)
    assert folder_state(ws) == before


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    conn = sqlite3.connect(ws / DB_FILE)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('bread')")
    conn.commit()
    conn.close()
    before = folder_state(ws)
    with pytest.raises(WorkspaceError, match="another program"):
        open_workspace(ws)
    assert folder_state(ws) == before


def test_newer_workspace_is_refused_and_untouched(tmp_path: Path) -> None:
    open_workspace(tmp_path / "ws").close()
    db = tmp_path / "ws" / DB_FILE
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = folder_state(tmp_path / "ws")
    with pytest.raises(WorkspaceTooNew, match="newer version of EvidenceKit") as info:
        open_workspace(tmp_path / "ws")
    assert info.value.revision == "9999"
    assert folder_state(tmp_path / "ws") == before


def test_read_only_folder_gives_a_clear_error(tmp_path: Path) -> None:
    ws = tmp_path / "ro"
    ws.mkdir()
    code = (
        "import sys; from pathlib import Path\n"
        "from evidencekit.storage.workspace import open_workspace\n"
        "from evidencekit.domain.errors import WorkspaceError\n"
        "try:\n    open_workspace(Path(sys.argv[1]))\n"
        "except WorkspaceError as e:\n    print(e.message); sys.exit(3)\n"
    )
    command = [sys.executable, "-c", code, str(ws)]
    if os.geteuid() == 0:
        # Root ignores permission bits, so make the folder a read-only mount instead,
        # in a private mount namespace (like a locked-down school network share).
        remount = f'mount --bind {ws} {ws} && mount -o remount,ro,bind {ws} {ws} && exec "$@"'
        command = ["unshare", "--mount", "sh", "-c", remount, "sh", *command]
    else:
        ws.chmod(0o555)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 3, result.stderr
    assert "cannot be written" in result.stdout
    assert "choose a folder you can write to" in result.stdout
    assert list(ws.iterdir()) == []


def test_migration_from_first_schema_keeps_data_and_backs_up(tmp_path: Path) -> None:
    """A workspace made by schema 0001 (the first release) opens, migrated, data intact."""
    folder = tmp_path / "ws"
    folder.mkdir()
    db = folder / DB_FILE
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        schema_version.upgrade(conn, "0001")
        conn.execute(
            text(
                "INSERT INTO submissions (id, credential_id, credential_version, title, created_at)"
                " VALUES (1, 'checking-for-understanding', '1.0', 'Old one', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO attempts (id, submission_id, number, status, created_at)"
                " VALUES (1, 1, 1, 'draft', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO evidence (id, attempt_id, slot_id, kind, title, text, created_at,"
                " updated_at) VALUES (1, 1, 'q-reflection', 'essay', 'R', 'three words here',"
                " '2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()
    with open_workspace(folder) as ws, ws.engine.connect() as conn:
        assert schema_version.current_revision(conn) == schema_version.HEAD_REVISION
        assert conn.execute(text("SELECT title FROM submissions")).scalar() == "Old one"
        revision = conn.execute(text("SELECT text, word_count FROM essay_revisions")).one()
        assert tuple(revision) == ("three words here", 3)
    [backup] = (folder / "backups").iterdir()
    assert backup.name.startswith("workspace-schema0001-")
    check = sqlite3.connect(backup)
    assert check.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    check.close()


@pytest.mark.postgres
def test_postgres_database_of_another_program_is_refused(postgres_url: str, tmp_path: Path) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE payroll (id int)"))
    engine.dispose()
    with pytest.raises(WorkspaceError, match="another program"):
        open_workspace(tmp_path / "ws", postgres_url)


def test_unreachable_database_url_is_a_clear_error(tmp_path: Path) -> None:
    url = "postgresql+psycopg://someone:secret@127.0.0.1:1/nothing"
    with pytest.raises(WorkspaceError, match="cannot be reached") as info:
        open_workspace(tmp_path / "ws", url)
    assert "secret" not in info.value.message

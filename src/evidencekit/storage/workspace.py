"""Opening a workspace: a folder with the database and the media store.

Opening checks before it writes: a folder that cannot be written, a file that
is not a database, a database of another program, or one from a newer
EvidenceKit are refused with a clear message and left exactly as they were.
An older workspace is backed up, then migrated.
"""

from __future__ import annotations

import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from evidencekit.domain.errors import WorkspaceError, WorkspaceTooNew
from evidencekit.storage import schema_version
from evidencekit.storage.media_store import MediaStore

DB_FILE = "workspace.sqlite3"
MEDIA_DIR = "media"
BACKUP_DIR = "backups"
# Stamped into every workspace database (PRAGMA application_id) so a foreign
# SQLite file is recognised before anything touches it. "EVKT" in ASCII.
APPLICATION_ID = 0x45564B54


class Workspace:
    """An open workspace. Use ``unit_of_work()`` for every database transaction."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self.media = MediaStore(path / MEDIA_DIR)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # The app writes through one lock so SQLite never sees two writers from us.
        self._write_lock = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A short-lived session: committed on success, rolled back on any error."""
        with self._write_lock, self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_workspace(path: Path, database_url: str | None = None) -> Workspace:
    """Open (creating if needed) the workspace in ``path``.

    With ``database_url`` the tables live in that database (PostgreSQL for a
    shared review centre) and ``path`` holds only the media store.
    """
    path = path.expanduser().resolve()
    _ensure_writable_folder(path)
    if database_url is None:
        engine = _open_sqlite(path)
    else:
        engine = _open_server(path, database_url)
    workspace = Workspace(path, engine)
    workspace.media.prepare()
    return workspace


def _ensure_writable_folder(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise WorkspaceError(str(path), "this is a file, not a folder.")
    try:
        path.mkdir(parents=True, exist_ok=True)
        # Asking the file system beats os.access: it also catches read-only mounts.
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise WorkspaceError(
            str(path),
            f"the folder cannot be written ({exc.strerror or exc}). EvidenceKit saves your "
            "work there; choose a folder you can write to.",
        ) from None


# -- SQLite --------------------------------------------------------------------------


def _inspect_sqlite_file(db: Path) -> str | None:
    """Read-only look at an existing file: its schema revision, or None if empty.

    Raises WorkspaceError for files that are not ours; never writes.
    """
    side_files = [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm")]
    existed = [f.exists() for f in side_files]
    try:
        return _read_revision(db)
    finally:
        # A read-only look at a WAL database leaves an empty -wal and an -shm
        # behind; remove the ones this look created so the folder is as it was.
        wal, shm = side_files
        if not existed[0] and wal.exists() and wal.stat().st_size == 0:
            wal.unlink()
            if not existed[1]:
                shm.unlink(missing_ok=True)


def _read_revision(db: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise WorkspaceError(str(db), f"the database cannot be opened ({exc}).") from None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError:
        raise WorkspaceError(
            str(db), "this file is not an EvidenceKit database (it is not a SQLite file at all)."
        ) from None
    finally:
        conn.close()
    if not tables and app_id == 0:
        return None
    if app_id != APPLICATION_ID:
        raise WorkspaceError(
            str(db),
            "this is a database of another program, not an EvidenceKit workspace; "
            "it has been left untouched.",
        )
    if revision is None:
        raise WorkspaceError(str(db), "the workspace database is damaged (no schema version).")
    return revision


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _backup_sqlite(db: Path, revision: str) -> Path:
    folder = db.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"workspace-schema{revision}-{stamp}.sqlite3"
    source = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()
    return target


def _open_sqlite(folder: Path) -> Engine:
    db = folder / DB_FILE
    revision = _inspect_sqlite_file(db) if db.exists() else None
    head = schema_version.HEAD_REVISION
    if revision is not None and not schema_version.is_known_revision(revision):
        raise WorkspaceTooNew(str(folder), revision)
    if revision is not None and revision != head:
        _backup_sqlite(db, revision)
    engine = create_engine(f"sqlite:///{db}")
    event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.begin() as connection:
            if revision is None:
                connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            if revision != head:
                schema_version.upgrade(connection)
    except (OperationalError, sqlite3.Error) as exc:
        engine.dispose()
        raise WorkspaceError(str(folder), f"the database cannot be written ({exc}).") from None
    return engine


# -- PostgreSQL (review centre) -------------------------------------------------------


def _open_server(folder: Path, url: str) -> Engine:
    try:
        engine = create_engine(url, pool_pre_ping=True)
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = schema_version.current_revision(connection)
    except SQLAlchemyError as exc:
        raise WorkspaceError(
            url_for_humans(url), f"the database cannot be reached ({exc})."
        ) from None
    except Exception as exc:  # malformed URLs and unknown drivers raise plain errors
        raise WorkspaceError(url_for_humans(url), f"not a usable database URL ({exc}).") from None
    if revision is not None and not schema_version.is_known_revision(revision):
        engine.dispose()
        raise WorkspaceTooNew(url_for_humans(url), revision)
    if revision is None and tables - {"alembic_version"}:
        engine.dispose()
        raise WorkspaceError(
            url_for_humans(url),
            "this database holds tables of another program; EvidenceKit will not touch it.",
        )
    if revision != schema_version.HEAD_REVISION:
        # PostgreSQL runs DDL in transactions, so a failed migration rolls back whole.
        with engine.begin() as connection:
            schema_version.upgrade(connection)
    return engine


def url_for_humans(url: str) -> str:
    """A database URL without its password, safe to show in messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(database URL)"

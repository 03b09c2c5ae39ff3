"""Opening a workspace: a folder with the database and the media store.

Opening checks before it writes: a folder that cannot be written, a file that
is not a database, a database of another program, or one from a newer
EvidenceKit are refused with a clear message and left exactly as they were.
An older workspace is backed up, then migrated.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidencekit.domain.errors import (
    EvidenceKitError,
    StorageFault,
    WorkspaceError,
    WorkspaceTooNew,
)
from evidencekit.storage import faults, schema_version, sqlite_file
from evidencekit.storage.media_store import MediaStore
from evidencekit.storage.sqlite_file import APPLICATION_ID, BACKUP_DIR
from evidencekit.storage.workspace_lock import workspace_lock

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

__all__ = ["APPLICATION_ID", "BACKUP_DIR", "DB_FILE", "Workspace", "open_workspace"]

DB_FILE = "workspace.sqlite3"
MEDIA_DIR = "media"
#: How long SQLite waits for another process's write to finish before saying busy.
BUSY_TIMEOUT_MS = 10_000
#: A write transaction that still finds the database busy is tried this often in all.
BEGIN_ATTEMPTS = 3


class Workspace:
    """An open workspace. Use ``unit_of_work()`` for every database transaction.

    Other processes (the command line, a second window) may change the database
    while it is open; ``changed_elsewhere()`` tells the GUI when to reload.

    A SQLite workspace whose schema is current opens without SQLAlchemy (a third of a
    second to import): the engine is made on first use, so the first window can be
    read through ``sqlite3`` alone (storage/first_screen.py).
    """

    def __init__(
        self,
        path: Path,
        engine: Engine | None,
        read_only_reason: str | None = None,
        sqlite_db: Path | None = None,
    ) -> None:
        self.path = path
        #: The database file of a SQLite workspace; None on a server.
        self.sqlite_db = sqlite_db
        #: Why this workspace can only be read (a full disk), or None.
        self.read_only_reason = read_only_reason
        self.media = MediaStore(path / MEDIA_DIR)
        self._engine = engine
        self._session_factory: sessionmaker[Session] | None = None
        # The app writes through one lock so SQLite never sees two writers from us.
        self._write_lock = threading.Lock()
        self._watcher: sqlite3.Connection | None = None
        self._seen_version: int | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            assert self.sqlite_db is not None, "a server workspace opens with its engine"
            self._engine = _sqlite_engine(self.sqlite_db)
        return self._engine

    @property
    def _sessions(self) -> sessionmaker[Session]:
        if self._session_factory is None:
            from sqlalchemy.orm import sessionmaker

            self._session_factory = sessionmaker(self.engine, expire_on_commit=False)
        return self._session_factory

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_db is not None

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A short-lived session: committed on success, rolled back on any error.

        On SQLite it begins with ``BEGIN IMMEDIATE``: the write lock is taken up front
        (waiting for another process's write to end), so two processes never both read,
        decide and then collide on the write. A fault of the machine (full disk, damaged
        database, lost connection) comes out as one ``StorageFault`` sentence.
        """
        from sqlalchemy.exc import SQLAlchemyError

        with self._write_lock:
            try:
                if self.is_sqlite and self.read_only_reason is None:
                    with self._immediate_connection() as connection:
                        yield from self._session_on(connection)
                else:
                    with self._sessions() as session:
                        try:
                            yield session
                            session.commit()
                        except BaseException:
                            session.rollback()
                            raise
            except EvidenceKitError:
                raise
            except (SQLAlchemyError, sqlite3.Error, OSError) as error:
                fault = self._explain(error)
                if fault is None:
                    raise
                raise fault from error
        self._note_own_write()

    def _explain(self, error: BaseException) -> EvidenceKitError | None:
        name = getattr(getattr(error, "orig", error), "sqlite_errorname", "")
        if self.read_only_reason and name.startswith("SQLITE_READONLY"):
            return StorageFault(str(self.path), self.read_only_reason)
        return faults.explain(error, self.path, self.path)

    def _session_on(self, connection: Connection) -> Iterator[Session]:
        session = self._sessions(bind=connection)
        try:
            yield session
            session.commit()
            _end_transaction(connection, "COMMIT")
        except BaseException:
            session.rollback()
            _end_transaction(connection, "ROLLBACK")
            raise
        finally:
            session.close()

    @contextmanager
    def _immediate_connection(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            begin_immediately(connection)
            yield connection

    # -- noticing changes made by other processes ----------------------------------------

    def data_version(self) -> int | None:
        """A number that changes whenever any connection commits (SQLite only)."""
        if not self.is_sqlite:
            return None
        try:
            if self._watcher is None:
                # Its own connection: PRAGMA data_version counts commits made by others.
                self._watcher = sqlite3.connect(
                    f"{(self.path / DB_FILE).as_uri()}?mode=ro", uri=True, check_same_thread=False
                )
            return int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None  # e.g. read-only with a full disk: nothing can change anyway

    def changed_elsewhere(self) -> bool:
        """Whether another process committed since this one last wrote or asked."""
        version = self.data_version()
        if version is None:
            return False
        changed = self._seen_version is not None and version != self._seen_version
        self._seen_version = version
        return changed

    def _note_own_write(self) -> None:
        if self._watcher is not None:
            self._seen_version = self.data_version()

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def begin_immediately(connection: Connection) -> None:
    """``BEGIN IMMEDIATE`` on an autocommit connection, tried again while busy.

    SQLite's busy timeout already waits; the retries (with a little random delay)
    cover a lock released and taken by a third process in the same instant.
    """
    import random  # with the ORM: a read-only start needs neither

    from sqlalchemy.exc import OperationalError

    for attempt in range(BEGIN_ATTEMPTS):
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as error:
            name = getattr(error.orig, "sqlite_errorname", "")
            if not name.startswith("SQLITE_BUSY") or attempt + 1 == BEGIN_ATTEMPTS:
                raise
            time.sleep(random.uniform(0.05, 0.25))


def _end_transaction(connection: Connection, statement: str) -> None:
    """COMMIT or ROLLBACK what BEGIN IMMEDIATE began, unless the driver already ended it."""
    raw = connection.connection.dbapi_connection
    if raw is not None and raw.in_transaction:
        connection.exec_driver_sql(statement)


def open_workspace(path: Path, database_url: str | None = None) -> Workspace:
    """Open (creating if needed) the workspace in ``path``.

    With ``database_url`` the tables live in that database (PostgreSQL for a
    shared review centre) and ``path`` holds only the media store.
    """
    path = path.expanduser().resolve()
    _ensure_writable_folder(path)
    read_only_reason = None
    if database_url is None:
        engine, read_only_reason = _open_sqlite(path)
        workspace = Workspace(path, engine, read_only_reason, path / DB_FILE)
    else:
        workspace = Workspace(path, _open_server(path, database_url))
    try:
        workspace.media.prepare()
    except OSError as error:
        workspace.close()
        raise faults.explain(error, path / MEDIA_DIR) or error from None
    return workspace


def _ensure_writable_folder(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise WorkspaceError(str(path), "this is a file, not a folder.")
    try:
        path.mkdir(parents=True, exist_ok=True)
        # Asking the file system beats os.access: it also catches read-only mounts.
        probe = path / f".writable-{os.getpid()}-{os.urandom(4).hex()}"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as exc:
        raise WorkspaceError(
            str(path),
            f"the folder cannot be written ({exc.strerror or exc}). EvidenceKit saves your "
            "work there; choose a folder you can write to.",
        ) from None


# -- SQLite --------------------------------------------------------------------------


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    # First, so that every later statement (even switching to WAL) waits for other writers.
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _read_only_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _sqlite_engine(db: Path) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{db}")
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _initialise(db: Path) -> None:
    """A new, empty workspace database at the newest schema."""
    engine = _sqlite_engine(db)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            schema_version.upgrade(connection)
    finally:
        engine.dispose()


def _open_sqlite(folder: Path) -> tuple[Engine | None, str | None]:
    """The engine (None: made on first use), and why it is read-only (None when it can write)."""
    db = folder / DB_FILE
    head = schema_version.HEAD_REVISION
    with workspace_lock(folder):
        if not db.exists():
            try:
                sqlite_file.create_whole(db, _initialise)
            except _database_errors() as exc:
                raise _cannot_write(folder, exc) from None
        revision = sqlite_file.inspect(db)
        if revision == head:
            try:
                _connect_once(db)
            except (sqlite3.Error, OSError) as exc:
                if _disk_full(exc):
                    return _read_only_engine(db), faults.DISK_FULL
                raise _cannot_write(folder, exc) from None
            return None, None
        if revision is not None and not schema_version.is_known_revision(revision):
            raise WorkspaceTooNew(str(folder), revision)
        if revision is not None:
            sqlite_file.back_up(db, revision)
        engine = _sqlite_engine(db)
        try:
            with engine.begin() as connection:
                if revision is None:
                    connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                schema_version.upgrade(connection)
        except _database_errors() as exc:
            engine.dispose()
            raise _cannot_write(folder, exc) from None
    return engine, None


def _connect_once(db: Path) -> None:
    """Connect as the engine will (WAL, its shared-memory file), without SQLAlchemy: a
    disk too full for the ``-shm`` file shows here, while the workspace lock is held."""
    connection = sqlite3.connect(db, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        _sqlite_pragmas(connection, None)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


def _database_errors() -> tuple[type[BaseException], ...]:
    """What a failed open raises: SQLAlchemy's errors too once it was loaded to migrate."""
    errors: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)
    sa = sys.modules.get("sqlalchemy.exc")
    return errors if sa is None else (*errors, sa.SQLAlchemyError)


def _cannot_write(folder: Path, exc: BaseException) -> WorkspaceError:
    fault = faults.explain(exc, folder, folder)
    if isinstance(fault, StorageFault):
        return WorkspaceError(str(folder), fault.reason)
    return WorkspaceError(str(folder), f"the database cannot be written ({exc}).")


def _disk_full(exc: BaseException) -> bool:
    """SQLite could not make its shared-memory file: the disk is full."""
    orig = getattr(exc, "orig", exc)
    name = getattr(orig, "sqlite_errorname", "")
    return name in ("SQLITE_FULL", "SQLITE_IOERR_SHMSIZE") or "disk is full" in str(orig)


def _read_only_engine(db: Path) -> Engine:
    """Reading with a full disk: SQLite cannot make its ``-shm`` file, but a database with
    nothing waiting in its ``-wal`` reads whole from the main file (``immutable``)."""
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise WorkspaceError(str(db.parent), faults.DISK_FULL)
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{db.as_uri()}?immutable=1&uri=true")
    event.listen(engine, "connect", _read_only_pragmas)
    return engine


# -- PostgreSQL (review centre) -------------------------------------------------------


def _open_server(folder: Path, url: str) -> Engine:
    from sqlalchemy import create_engine, event, inspect
    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = create_engine(url, pool_pre_ping=True)
        if engine.dialect.name == "postgresql":
            event.listen(engine, "connect", _notice_dead_clients)
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = schema_version.current_revision(connection)
    except SQLAlchemyError as exc:
        raise WorkspaceError(
            url_for_humans(url), f"the database cannot be reached ({_first_line(exc)})."
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


def _notice_dead_clients(dbapi_connection: Any, _record: object) -> None:
    """Have the server check, during a long statement, that this client is still there.

    A claimer killed while its statement waits would otherwise have the claim made
    (and committed) for nobody; with the check, the server ends the statement and
    rolls it back. PostgreSQL 14 and later; older servers just do not check.
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SET client_connection_check_interval = 1000")
        dbapi_connection.commit()
    except Exception:  # the driver's own error type; an older server lacks the setting
        dbapi_connection.rollback()
    finally:
        cursor.close()


def _first_line(error: BaseException) -> str:
    """The driver's own words, without SQLAlchemy's statement and link lines."""
    orig = getattr(error, "orig", None) or error
    lines = str(orig).strip().splitlines()
    return (lines[0] if lines else type(orig).__name__).rstrip(".")


def url_for_humans(url: str) -> str:
    """A database URL without its password, safe to show in messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(database URL)"

"""The workspace's SQLite file: what it is, making a new one whole, backing one up.

What a file *is* comes from its 100-byte header, read as plain bytes, so a file
of another program is refused without SQLite touching it. Nothing here ever
deletes a ``-wal`` or ``-shm`` file: another process may be using them.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from evidencekit.domain.errors import WorkspaceError
from evidencekit.storage.faults import backups_of, damaged, explain

# Stamped into every workspace database (PRAGMA application_id) so a foreign
# SQLite file is recognised before anything touches it. "EVKT" in ASCII.
APPLICATION_ID = 0x45564B54
BACKUP_DIR = "backups"
_MAGIC = b"SQLite format 3\x00"
_HEADER_BYTES = 100
_APPLICATION_ID_OFFSET = 68


def read_only_uri(db: Path) -> str:
    """A URI for a look that never writes: ``immutable`` while no process has the database
    open in WAL mode (no ``-wal`` beside it), so the look creates no side files either."""
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return f"{db.as_uri()}?mode=ro"
    return f"{db.as_uri()}?immutable=1"


def inspect(db: Path) -> str | None:
    """The schema revision of an existing workspace file, or None for an empty SQLite file.

    Raises WorkspaceError for files that are not ours or are damaged; never writes.
    """
    folder = db.parent
    try:
        with db.open("rb") as handle:
            header = handle.read(_HEADER_BYTES)
    except OSError as error:
        raise explain(error, db) or WorkspaceError(
            str(db), f"the database cannot be read ({error.strerror})."
        ) from None
    if not header:
        # SQLite never leaves a 0-byte file behind (new ones are made whole, elsewhere):
        # this one lost its contents, and opening it would start an empty workspace.
        raise WorkspaceError(str(db), f"it is empty (0 bytes): {damaged(backups_of(folder))}")
    if len(header) < _HEADER_BYTES or not header.startswith(_MAGIC):
        raise WorkspaceError(
            str(db), "this file is not an EvidenceKit database (it is not a SQLite file at all)."
        )
    (app_id,) = struct.unpack_from(">I", header, _APPLICATION_ID_OFFSET)
    if app_id not in (0, APPLICATION_ID):
        raise _foreign(db)
    tables, revision = _read_revision(db)
    if app_id == 0:
        if tables:
            raise _foreign(db)
        return None
    if revision is None:
        raise WorkspaceError(str(db), damaged(backups_of(folder)))
    return revision


def _foreign(db: Path) -> WorkspaceError:
    return WorkspaceError(
        str(db),
        "this is a database of another program, not an EvidenceKit workspace; "
        "it has been left untouched.",
    )


def _read_revision(db: Path) -> tuple[set[str], str | None]:
    try:
        conn = sqlite3.connect(read_only_uri(db), uri=True)
    except sqlite3.Error as error:
        raise explain(error, db, db.parent) or WorkspaceError(
            str(db), f"the database cannot be opened ({error})."
        ) from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as error:
        raise explain(error, db, db.parent) or WorkspaceError(
            str(db), damaged(backups_of(db.parent))
        ) from None
    finally:
        conn.close()
    return tables, revision


def create_whole(db: Path, initialise: Callable[[Path], None]) -> None:
    """Make a new database beside ``db`` with ``initialise``, then give it its name.

    Another process never sees a half-made database, and a crash leaves at most a
    temporary file (``.new-…``) that is not the workspace. If ``db`` appeared
    meanwhile, the new one is dropped and ``db`` is used.
    """
    temp = db.with_name(f".new-{os.getpid()}-{os.urandom(4).hex()}-{db.name}")
    try:
        initialise(temp)
        with contextlib.suppress(FileExistsError):
            os.link(temp, db)
    finally:
        for leftover in (
            temp,
            temp.with_name(temp.name + "-wal"),
            temp.with_name(temp.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)


def back_up(db: Path, revision: str) -> Path:
    """A copy of the database in ``backups/`` before it is migrated; no partial copy is kept."""
    folder = db.parent / BACKUP_DIR
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"workspace-schema{revision}-{stamp}.sqlite3"
    partial = folder / f".{target.name}.part"
    try:
        folder.mkdir(exist_ok=True)
        source = sqlite3.connect(read_only_uri(db), uri=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                with copy:
                    source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        for side in ("-journal", "-wal", "-shm"):
            partial.with_name(partial.name + side).unlink(missing_ok=True)
        fault = explain(error, folder, db.parent)
        reason = fault.message if fault else str(error)
        raise WorkspaceError(
            str(db.parent),
            f"it needs an upgrade, but its backup could not be made ({reason.rstrip('.')}); "
            "the workspace has been left as it was.",
        ) from None
    return target

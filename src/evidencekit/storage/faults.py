"""Faults of the machine around EvidenceKit, put into one sentence a teacher understands.

A full disk, a folder without permission, a read-only disk, a damaged database
or a lost connection to the review centre's server are not bugs: the front ends
show them like any other ``EvidenceKitError`` (exit 2, no traceback). Every
writer here works all-or-nothing, so each sentence can promise that nothing was
half written.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.domain.errors import EvidenceKitError, MediaError, StorageFault

if TYPE_CHECKING:
    from sqlalchemy.exc import DBAPIError

DISK_FULL = "the disk is full, so nothing was changed; free some space on it and try again."
NO_PERMISSION = (
    "EvidenceKit is not allowed to use it (permission denied), so nothing was changed; "
    "choose a folder you can write to or ask whoever manages this computer."
)
READ_ONLY = "the disk is read-only, so nothing was changed; choose a folder you can write to."
A_FOLDER = "this is a folder where a file was expected, so nothing was changed."
DISK_ERROR = "the disk reported an error while reading or writing, so nothing was changed."
BUSY = (
    "another EvidenceKit window or command kept the workspace busy too long, "
    "so nothing was changed; try again in a moment."
)
CONNECTION_LOST = (
    "the connection to the shared database was lost, so nothing was changed; "
    "check the network and try again."
)
TOO_LONG = "a text is longer than the database can keep, so nothing was changed; shorten it."

_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_NO_PERMISSION_ERRNOS = {errno.EACCES, errno.EPERM}


def damaged(backups: list[str] | None = None) -> str:
    """Why a damaged database cannot be used, naming the backups that may replace it."""
    if backups:
        return (
            "the workspace database is damaged and has been left as it is; "
            f"restore one of the backups ({', '.join(backups)}) or ask for help."
        )
    return "the workspace database is damaged and has been left as it is; there is no backup of it."


def backups_of(workspace_folder: Path) -> list[str]:
    """The backups kept in the workspace's ``backups/`` folder, newest first."""
    folder = workspace_folder / "backups"
    try:
        found = sorted(folder.glob("*.sqlite3"), key=lambda p: p.name, reverse=True)
    except OSError:
        return []
    return [str(p) for p in found]


def _os_reason(error: OSError) -> str | None:
    if error.errno in _DISK_FULL_ERRNOS:
        return DISK_FULL
    if error.errno in _NO_PERMISSION_ERRNOS:
        return NO_PERMISSION
    if error.errno == errno.EROFS:
        return READ_ONLY
    if error.errno == errno.EIO:
        return DISK_ERROR
    if error.errno == errno.EISDIR:
        return A_FOLDER
    return None


def _sqlite_reason(error: sqlite3.Error, workspace_folder: Path | None) -> str | None:
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return DISK_FULL
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "no such table" in text:
        return damaged(backups_of(workspace_folder) if workspace_folder else None)
    if "malformed" in text or "not a database" in text:
        return damaged(backups_of(workspace_folder) if workspace_folder else None)
    if name.startswith("SQLITE_READONLY"):
        return READ_ONLY
    if name.startswith("SQLITE_BUSY") or "database is locked" in text:
        return BUSY
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return DISK_ERROR
    return None


def server_went_away(error: DBAPIError) -> bool:
    """The database server dropped or refused the connection (a restart, a network cut)."""
    if error.connection_invalidated:
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate is None:
        # A connection that could not even be made ("the database system is shutting
        # down", "connection refused") carries no SQLSTATE.
        from sqlalchemy.exc import OperationalError

        return isinstance(error, OperationalError)
    return sqlstate.startswith("08") or sqlstate in {"57P01", "57P02", "57P03"}


def _server_reason(error: DBAPIError) -> str | None:
    if server_went_away(error):
        return CONNECTION_LOST
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    if sqlstate == "22001":
        return TOO_LONG
    if sqlstate in {"53100"}:
        return DISK_FULL
    if sqlstate == "42P01":
        return damaged()
    return None


def explain(
    error: BaseException, where: Path | str, workspace_folder: Path | None = None
) -> EvidenceKitError | None:
    """The sentence for ``error`` if it is a fault of the machine, else None (a bug).

    ``where`` names what was being used when the path of the failing file is unknown;
    ``workspace_folder`` lets a damaged database's message name its backups.
    """
    if isinstance(error, EvidenceKitError):
        return error
    reason: str | None = None
    path = str(where)
    if isinstance(error, OSError):
        reason = _os_reason(error)
        if error.filename:
            path = str(error.filename)
    elif isinstance(error, sqlite3.Error):
        reason = _sqlite_reason(error, workspace_folder)
    elif (sa := sys.modules.get("sqlalchemy.exc")) is not None:
        # Only a process that loaded SQLAlchemy can hold its errors: no need to load it here.
        if isinstance(error, sa.DBAPIError):
            orig = error.orig
            if isinstance(orig, sqlite3.Error):
                reason = _sqlite_reason(orig, workspace_folder)
            else:
                reason = _server_reason(error)
        elif isinstance(error, sa.SQLAlchemyError) and isinstance(error.__cause__, OSError):
            reason = _os_reason(error.__cause__)
    if reason is None:
        return None
    fault = StorageFault(path, reason)
    fault.__cause__ = error
    return fault


def machine_cause(error: EvidenceKitError) -> EvidenceKitError:
    """``error``, or the fault of the machine that caused it.

    The media layer reports a failed encode or copy against the clip it was reading;
    when the real cause was the disk being written (full, read-only), that is what
    the teacher needs to hear, not that the clip is bad.
    """
    if not isinstance(error, MediaError):
        return error
    seen: BaseException | None = error.__cause__ or error.__context__
    while seen is not None:
        if isinstance(seen, OSError) and _os_reason(seen) is not None:
            return explain(seen, getattr(error, "path", "EvidenceKit")) or error
        seen = seen.__cause__ or seen.__context__
    return error

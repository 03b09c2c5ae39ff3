"""Typed errors that carry what went wrong as fields.

The GUI and the CLI turn these into words for people; code never parses the
message. Every error a user can cause by bad input derives from
``EvidenceKitError`` so the front ends can show it without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class EvidenceKitError(Exception):
    """Base for errors caused by input or state, not by a bug."""

    #: Process exit code the CLI uses for this error (2: usage or input error).
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Cancelled(EvidenceKitError):
    """The user asked long work to stop; nothing was left half done."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("Cancelled; nothing was changed.")


@dataclass(frozen=True)
class Problem:
    """One error inside a file, with where it is (``location``) and why."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class CatalogError(EvidenceKitError):
    """A catalog file that cannot be used; lists every problem found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        noun = "error" if count == 1 else "errors"
        super().__init__(f"{source} has {count} {noun}; nothing was imported.")


class NotFound(EvidenceKitError):
    """A credential, unit, slot, submission or file that does not exist."""

    def __init__(self, what: str, key: str, hint: str = "") -> None:
        self.what = what
        self.key = key
        message = f"There is no {what} {key!r}."
        if hint:
            message += f" {hint}"
        super().__init__(message)


class EvidenceRejected(EvidenceKitError):
    """A piece of evidence that does not fit the slot it was meant for."""

    def __init__(self, item: str, reason: str) -> None:
        self.item = item
        self.reason = reason
        super().__init__(f"{item}: {reason}")


class WorkspaceError(EvidenceKitError):
    """The workspace cannot be opened or written; nothing was changed."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"Workspace {path}: {reason}")


class WorkspaceTooNew(WorkspaceError):
    """Made by a newer EvidenceKit; opening it here could damage it."""

    def __init__(self, path: str, revision: str) -> None:
        self.revision = revision
        super().__init__(
            path,
            f"it was saved by a newer version of EvidenceKit (schema {revision}). "
            "Install the newer version to open it; it has been left untouched.",
        )


class MediaError(EvidenceKitError):
    """A video, audio or image file that cannot be read or written."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class StorageFault(EvidenceKitError):
    """The computer refused a read or write (full disk, no permission, read-only disk,
    a damaged database, a lost database connection); nothing was half written."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class TooLong(EvidenceKitError):
    """A title, name or path longer than a workspace can keep, on SQLite and PostgreSQL alike."""

    def __init__(self, what: str, length: int, limit: int) -> None:
        self.what = what
        self.length = length
        self.limit = limit
        super().__init__(
            f"The {what} is {length} characters long; at most {limit} fit, so shorten it."
        )

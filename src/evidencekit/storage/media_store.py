"""Content-addressed media store: every file named by its SHA-256.

Files arrive through a temporary name in ``.incoming/``, are fsynced and then
renamed into place, so a crash leaves either the whole file or nothing under
its final name. Several processes may share one store (the app and the command
line), so each temporary name starts with its process id: opening the store
sweeps only leftovers older than an hour whose process is gone, never another
process's copy in flight.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.tasks import CancelToken, Reporter
from evidencekit.storage.atomic_files import fsync_directory

CHUNK = 1 << 20
#: A leftover younger than this is left alone even if its process seems gone
#: (process ids are reused, and a copy over a network share may be slow).
SWEEP_AFTER_S = 3600.0


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size_bytes: int
    newly_added: bool  # False when identical content was already in the store


class MediaStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._incoming = root / ".incoming"

    def prepare(self) -> None:
        self._incoming.mkdir(parents=True, exist_ok=True)
        self.sweep_leftovers()

    def sweep_leftovers(self, now: float | None = None) -> int:
        """Remove half-written files of processes that died; how many were removed."""
        now = time.time() if now is None else now
        removed = 0
        for leftover in self._incoming.iterdir():
            try:
                age = now - leftover.lstat().st_mtime
            except FileNotFoundError:
                continue  # its owner finished with it meanwhile
            if age < SWEEP_AFTER_S or _owner_alive(leftover.name):
                continue
            try:
                leftover.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError:
                break  # a read-only store: nothing can be swept, and reading still works
        return removed

    def _temp_file(self, prefix: str, suffix: str = "") -> tuple[int, Path]:
        import tempfile  # here, not at the top: opening a workspace to read stays quick

        fd, name = tempfile.mkstemp(
            dir=self._incoming, prefix=f"{os.getpid()}-{prefix}-", suffix=suffix
        )
        return fd, Path(name)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def add_file(
        self,
        source: Path,
        reporter: Reporter | None = None,
    ) -> StoredFile:
        """Copy ``source`` into the store in one streaming pass, hashing as it goes."""
        reporter = reporter or Reporter.silent()
        try:
            total = source.stat().st_size
            reader = source.open("rb")
        except FileNotFoundError:
            raise EvidenceKitError(f"{source}: the file does not exist.") from None
        except IsADirectoryError:
            raise EvidenceKitError(f"{source}: is a folder, not a file.") from None
        except OSError as exc:
            raise EvidenceKitError(f"{source}: cannot be read ({exc.strerror}).") from None
        import hashlib  # here, not at the top: it loads OpenSSL, which reading never needs

        digest = hashlib.sha256()
        fd, temp = self._temp_file("in")
        try:
            with reader, os.fdopen(fd, "wb") as writer:
                done = 0
                while chunk := reader.read(CHUNK):
                    reporter.check()
                    digest.update(chunk)
                    writer.write(chunk)
                    done += len(chunk)
                    reporter.report(done, total, source.name)
                writer.flush()
                os.fsync(writer.fileno())
            return self._place(temp, digest.hexdigest(), done)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    def scratch_path(self, suffix: str) -> Path:
        """A fresh name in ``.incoming/``, owned by this process, for a file made for the store."""
        fd, path = self._temp_file("made", suffix)
        os.close(fd)
        return path

    def adopt_file(self, made: Path, cancel: CancelToken | None = None) -> StoredFile:
        """Move a file written in ``.incoming/`` into the store under its SHA-256 (no copy)."""
        cancel = cancel or CancelToken()
        import hashlib  # see add_file

        digest = hashlib.sha256()
        try:
            with made.open("rb") as reader:
                while chunk := reader.read(CHUNK):
                    cancel.raise_if_cancelled()
                    digest.update(chunk)
                os.fsync(reader.fileno())
            return self._place(made, digest.hexdigest(), made.stat().st_size)
        except BaseException:
            made.unlink(missing_ok=True)
            raise

    def _place(self, written: Path, sha: str, size: int) -> StoredFile:
        """Give the fsynced file in ``.incoming/`` its name in the store; if the store holds
        that content already, the new copy is dropped instead."""
        final = self.path_for(sha)
        if final.is_file():
            written.unlink()
            return StoredFile(sha, size, newly_added=False)
        final.parent.mkdir(exist_ok=True)
        os.replace(written, final)
        fsync_directory(final.parent)
        return StoredFile(sha, size, newly_added=True)

    def remove(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)


def _owner_alive(name: str) -> bool:
    """Whether the process that named this leftover (``<pid>-…``) still runs."""
    pid_text, _, _rest = name.partition("-")
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return False  # os.kill would end the process there; the hour's grace must do
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    except OSError:
        return False
    return True

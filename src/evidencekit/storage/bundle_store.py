"""The review centre's shared bundle store: every queued bundle filed by its SHA-256.

The store is a folder each machine mounts wherever it likes (a school's network
share, ``EVIDENCEKIT_BUNDLE_STORE``); the queue keeps only the path inside it
(``ab/ab12….evkit``), so any evaluator's machine finds the bundle, never one
machine's absolute path. Without the setting, the workspace's own
``bundle-store/`` is used (one machine).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import uuid
from pathlib import Path

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.storage.atomic_files import fsync_directory
from evidencekit.storage.locations import bundle_store_from_env

LOCAL_FOLDER = "bundle-store"
_LOCATION = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}\.evkit$")
_CHUNK = 1 << 20


class BundleStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def for_workspace(cls, workspace_path: Path) -> BundleStore:
        return cls(bundle_store_from_env() or workspace_path / LOCAL_FOLDER)

    @staticmethod
    def location_of(sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}.evkit"

    def path(self, location: str) -> Path:
        """Where a queued bundle is on this machine.

        Bundles queued before the store existed kept an absolute path; those are
        returned as they are (they open only on the machine that queued them).
        """
        if _LOCATION.match(location):
            return self.root / location
        if Path(location).is_absolute():
            return Path(location)
        raise EvidenceKitError(
            f"The review queue names a bundle at {location!r}, "
            "which is not a place in the bundle store."
        )

    def put(self, source: Path, sha256: str) -> str:
        """Copy a verified bundle in (once); its location. The copy must hash to ``sha256``."""
        location = self.location_of(sha256)
        final = self.root / location
        if final.is_file():
            return location
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = final.with_name(f".{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
        try:
            digest = hashlib.sha256()
            with source.open("rb") as reader, temp.open("wb") as writer:
                while chunk := reader.read(_CHUNK):
                    digest.update(chunk)
                    writer.write(chunk)
                writer.flush()
                os.fsync(writer.fileno())
            if digest.hexdigest() != sha256:
                raise EvidenceKitError(
                    f"{source.name} changed while it was being queued; try again."
                )
            try:
                os.link(temp, final)  # never replaces a copy another machine just filed
            except FileExistsError:
                pass
            except OSError:
                shutil.move(temp, final)  # shares without hard links
            fsync_directory(final.parent)
        finally:
            temp.unlink(missing_ok=True)
        return location

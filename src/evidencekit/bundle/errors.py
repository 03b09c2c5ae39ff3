"""Why a bundle was refused: which entry, and the reason in one sentence."""

from __future__ import annotations

from evidencekit.domain.errors import EvidenceKitError


class BundleRejected(EvidenceKitError):
    """A bundle (or unzipped bag) that must not be trusted; nothing was written outside
    a private temporary folder, which is already removed."""

    exit_code = 1

    def __init__(self, entry: str, reason: str, code: str = "rejected") -> None:
        self.entry = entry
        self.reason = reason
        self.code = code  # a stable word for programs and tests, e.g. "path", "bomb"
        where = f"'{entry}'" if entry else "The bundle"
        super().__init__(f"{where}: {reason}")

"""Faults of the machine (full disk, no permission, damaged database, lost server)
turned into one sentence for the command line instead of a crash log."""

from __future__ import annotations

from evidencekit.domain.errors import EvidenceKitError


def explain_fault(error: BaseException) -> EvidenceKitError | None:
    """The one-sentence error for a fault of the machine; None for a bug."""
    # Imported here: SQLAlchemy is needed only once something went wrong.
    from evidencekit.storage.faults import explain

    return explain(error, "EvidenceKit")

"""Faults of the machine (full disk, no permission, damaged database, lost server)
turned into one sentence for the command line instead of a crash log."""

from __future__ import annotations

from evidencekit.domain.errors import EvidenceKitError


def explain_fault(error: BaseException) -> EvidenceKitError | None:
    """The one-sentence error for a fault of the machine; None for a bug."""
    # Imported here: SQLAlchemy is needed only once something went wrong.
    from evidencekit.storage.faults import explain

    return explain(error, "EvidenceKit")


def blame_the_machine(error: EvidenceKitError) -> EvidenceKitError:
    """The machine's fault behind ``error`` (a full disk behind a failed copy), if any."""
    if error.__cause__ is None and error.__context__ is None:
        return error
    from evidencekit.storage.faults import machine_cause

    return machine_cause(error)

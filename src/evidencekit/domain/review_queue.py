"""The review centre's queue in domain terms: bundles, their two scoring slots, claims."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from evidencekit.domain.errors import EvidenceKitError

#: Every bundle is scored twice, by two different evaluators.
SLOTS = (1, 2)
MAX_EVALUATOR_LENGTH = 200


class ReviewQueueError(EvidenceKitError):
    """A queue operation that cannot be done as asked; nothing was changed."""


@dataclass(frozen=True)
class QueuedBundle:
    """What the queue keeps about a verified bundle (never the candidate's name)."""

    sha256: str
    file_name: str
    location: str
    credential_id: str
    credential_version: str
    unit_id: str | None
    attempt: int
    candidate_pseudonym: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Claim:
    """A scoring slot given to one evaluator."""

    bundle: QueuedBundle
    slot: int
    evaluator: str
    claimed_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "bundle": self.bundle.to_dict(),
            "slot": self.slot,
            "evaluator": self.evaluator,
            "claimed_at": self.claimed_at.isoformat(),
        }


@dataclass(frozen=True)
class SlotState:
    slot: int
    status: str  # open, claimed or done
    evaluator: str | None


@dataclass(frozen=True)
class QueueEntry:
    bundle: QueuedBundle
    submitted_at: datetime
    slots: tuple[SlotState, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "bundle": self.bundle.to_dict(),
            "submitted_at": self.submitted_at.isoformat(),
            "slots": [asdict(s) for s in self.slots],
        }


def evaluator_id(text: str) -> str:
    """An evaluator's identity (a name or key fingerprint), checked and trimmed."""
    name = " ".join(text.split())
    if not name:
        raise ReviewQueueError("Say who the evaluator is (a name or key fingerprint).")
    if len(name) > MAX_EVALUATOR_LENGTH:
        raise ReviewQueueError(
            f"An evaluator's name may be at most {MAX_EVALUATOR_LENGTH} characters long."
        )
    return name

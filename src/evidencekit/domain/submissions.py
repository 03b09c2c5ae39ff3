"""Submissions, their numbered attempts, and the evidence linked to slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from evidencekit.domain.ids import AttemptId, CredentialId, EvidenceId, SlotId, SubmissionId, UnitId


class AttemptStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    PACKED = "packed"
    RETURNED = "returned"
    EARNED = "earned"


@dataclass(frozen=True)
class Submission:
    """A teacher's work towards one credential, or one unit of it."""

    id: SubmissionId
    credential_id: CredentialId
    credential_version: str
    unit_id: UnitId | None
    title: str
    created_at: datetime


@dataclass(frozen=True)
class Attempt:
    id: AttemptId
    submission_id: SubmissionId
    number: int
    status: AttemptStatus
    created_at: datetime
    sealed_at: datetime | None = None  # when it was first sealed into a bundle


class CutKind(StrEnum):
    """Why one take ends and another begins inside a clip."""

    PAUSE = "pause"  # the recording was paused and resumed here
    JUMP = "jump"  # the file's own timeline jumps here (an export joined pieces)


@dataclass(frozen=True)
class Cut:
    at_s: float  # on the clip's timeline
    kind: CutKind


@dataclass(frozen=True)
class Bookmark:
    """A moment the teacher marked while recording, on the clip's timeline."""

    seconds: float
    label: str


@dataclass(frozen=True)
class Clip:
    id: EvidenceId
    slot_id: SlotId
    title: str
    sha256: str
    file_name: str
    size_bytes: int
    duration_s: float
    has_audio: bool
    cuts: tuple[Cut, ...] = ()  # where takes join; none for one continuous take
    bookmarks: tuple[Bookmark, ...] = ()

    @property
    def takes(self) -> int:
        return len(self.cuts) + 1


@dataclass(frozen=True)
class Essay:
    """An essay, reflection or short answer: Markdown text."""

    id: EvidenceId
    slot_id: SlotId
    title: str
    text: str


@dataclass(frozen=True)
class Artifact:
    id: EvidenceId
    slot_id: SlotId
    title: str
    sha256: str
    file_name: str
    size_bytes: int


@dataclass(frozen=True)
class Attestation:
    id: EvidenceId
    slot_id: SlotId
    title: str
    confirmed: bool


Evidence = Clip | Essay | Artifact | Attestation

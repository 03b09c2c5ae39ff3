"""The class roster: students by first name or pseudonym, and what they consented to.

Names stay in the workspace. Bundles may carry counts of consent, never names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from evidencekit.domain.ids import StudentId
from evidencekit.domain.submissions import Artifact, Clip, Evidence


class ConsentKind(StrEnum):
    VIDEO = "video"
    AUDIO = "audio"
    WORK_SAMPLES = "work_samples"


@dataclass(frozen=True)
class Student:
    id: StudentId
    name: str  # a first name or a pseudonym
    video: bool = False
    audio: bool = False
    work_samples: bool = False
    form_file_name: str | None = None  # the scanned consent form, if attached

    def has(self, kind: ConsentKind) -> bool:
        return {
            ConsentKind.VIDEO: self.video,
            ConsentKind.AUDIO: self.audio,
            ConsentKind.WORK_SAMPLES: self.work_samples,
        }[kind]


def consent_needed(item: Evidence) -> tuple[ConsentKind, ...]:
    """What a student shown in ``item`` must have agreed to."""
    if isinstance(item, Clip):
        if item.has_audio:
            return (ConsentKind.VIDEO, ConsentKind.AUDIO)
        return (ConsentKind.VIDEO,)
    if isinstance(item, Artifact):
        return (ConsentKind.WORK_SAMPLES,)
    return ()


def missing_consent(item: Evidence, student: Student) -> tuple[ConsentKind, ...]:
    return tuple(kind for kind in consent_needed(item) if not student.has(kind))


def consent_counts(students: list[Student]) -> dict[str, int]:
    """Counts for a bundle's consent summary: numbers only, no names."""
    return {
        "students": len(students),
        **{kind.value: sum(s.has(kind) for s in students) for kind in ConsentKind},
    }

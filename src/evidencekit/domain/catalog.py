"""The credential catalog: credentials, their units, requirement slots and rubrics.

Plain immutable data. Parsing and validating catalog files lives in
``evidencekit.catalog``; this module only says what a credential *is*.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from evidencekit.domain.ids import CredentialId, CriterionId, LevelId, PathwayId, SlotId, UnitId


class SlotKind(StrEnum):
    VIDEO = "video"
    ESSAY = "essay"
    SHORT_ANSWER = "short_answer"
    ARTIFACT = "artifact"
    ATTESTATION = "attestation"


@dataclass(frozen=True)
class VideoSlot:
    id: SlotId
    title: str
    description: str = ""
    min_clips: int = 1
    max_clips: int = 1
    max_minutes_per_clip: float | None = None
    max_total_minutes: float | None = None
    max_mb_per_file: float | None = None
    continuous: bool = False
    kind: SlotKind = SlotKind.VIDEO


@dataclass(frozen=True)
class EssaySlot:
    """An essay or a reflection: a prompt answered in prose."""

    id: SlotId
    title: str
    prompt: str
    min_words: int = 0
    max_words: int | None = None
    reflection: bool = False
    kind: SlotKind = SlotKind.ESSAY


@dataclass(frozen=True)
class ShortAnswerSlot:
    id: SlotId
    title: str
    prompt: str
    max_words: int | None = None
    kind: SlotKind = SlotKind.SHORT_ANSWER


@dataclass(frozen=True)
class ArtifactSlot:
    """Lesson plans, student work samples, handouts: files of accepted types."""

    id: SlotId
    title: str
    description: str = ""
    accepted_types: tuple[str, ...] = ()  # lower-case extensions without the dot
    min_count: int = 1
    max_count: int | None = None
    max_mb: float | None = None
    kind: SlotKind = SlotKind.ARTIFACT

    def accepts(self, file_name: str) -> bool:
        if not self.accepted_types:
            return True
        return file_extension(file_name) in self.accepted_types


@dataclass(frozen=True)
class AttestationSlot:
    """A statement the teacher confirms, e.g. consent forms are on file."""

    id: SlotId
    title: str
    statement: str
    kind: SlotKind = SlotKind.ATTESTATION


Slot = VideoSlot | EssaySlot | ShortAnswerSlot | ArtifactSlot | AttestationSlot


def file_extension(file_name: str) -> str:
    _, dot, ext = file_name.rpartition(".")
    return ext.lower() if dot else ""


@dataclass(frozen=True)
class Level:
    """One step of a rubric scale, ordered from lowest to highest."""

    id: LevelId
    label: str
    points: int


@dataclass(frozen=True)
class Criterion:
    id: CriterionId
    title: str
    descriptors: dict[LevelId, str]  # what each level looks like for this criterion


@dataclass(frozen=True)
class AllCriteriaAtLeast:
    """Pass when every criterion is scored at ``level`` or higher."""

    level: LevelId


@dataclass(frozen=True)
class PointsAtLeast:
    """Pass when the criteria's points add up to ``points`` or more."""

    points: int


PassingRule = AllCriteriaAtLeast | PointsAtLeast


@dataclass(frozen=True)
class Rubric:
    levels: tuple[Level, ...]
    criteria: tuple[Criterion, ...]
    passing: PassingRule

    def level(self, level_id: LevelId) -> Level:
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def passes(self, scores: dict[CriterionId, LevelId]) -> bool:
        """The decision the passing rule implies; every criterion must be scored."""
        if set(scores) != {c.id for c in self.criteria}:
            raise ValueError("every criterion must be scored exactly once")
        match self.passing:
            case AllCriteriaAtLeast(level=needed):
                floor = self.level(needed).points
                return all(self.level(lvl).points >= floor for lvl in scores.values())
            case PointsAtLeast(points=needed):
                return sum(self.level(lvl).points for lvl in scores.values()) >= needed


@dataclass(frozen=True)
class Unit:
    id: UnitId
    title: str
    description: str
    slots: tuple[Slot, ...]
    rubric: Rubric
    # The catalog author's estimate of a teacher's hours for the unit (planning, filming,
    # writing); None when the catalog does not say, and then nothing is shown.
    estimated_hours: float | None = None

    def slot(self, slot_id: str) -> Slot | None:
        return next((s for s in self.slots if s.id == slot_id), None)


@dataclass(frozen=True)
class Credential:
    id: CredentialId
    title: str
    version: str
    issuer: str
    competency: str
    key_method: str
    rationale: str
    resources: str
    units: tuple[Unit, ...]
    criteria: str = ""  # what earning it takes, in words, for the badge; else from the rubrics
    badge_image: str | None = None  # a data: URI (PNG or SVG) drawn for the badge

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    @property
    def estimated_hours(self) -> float | None:
        """The units' estimates added up, only when every unit states one."""
        hours = [u.estimated_hours for u in self.units]
        return None if not hours or None in hours else sum(h for h in hours if h is not None)

    def units_in_scope(self, unit_id: str | None) -> tuple[Unit, ...]:
        """The units a submission covers: one unit, or all of them."""
        if unit_id is None:
            return self.units
        unit = self.unit(unit_id)
        return (unit,) if unit else ()

    def find_slot(self, slot_id: str, unit_id: str | None = None) -> tuple[Unit, Slot] | None:
        for unit in self.units_in_scope(unit_id):
            slot = unit.slot(slot_id)
            if slot is not None:
                return unit, slot
        return None


@dataclass(frozen=True)
class Pathway:
    """Credentials that stack into a larger recognition."""

    id: PathwayId
    title: str
    description: str
    credential_ids: tuple[CredentialId, ...]


@dataclass(frozen=True)
class Catalog:
    credentials: tuple[Credential, ...]
    pathways: tuple[Pathway, ...] = ()

    def __iter__(self) -> Iterator[Credential]:
        return iter(self.credentials)

    def get(self, credential_id: str, version: str | None = None) -> Credential | None:
        """The credential with that id: the given version, or the newest one."""
        matches = [c for c in self.credentials if c.id == credential_id]
        if version is not None:
            matches = [c for c in matches if c.version == version]
        return max(matches, key=lambda c: version_key(c.version), default=None)

    def merged_with(self, other: Catalog) -> Catalog:
        """This catalog plus the credentials and pathways of ``other`` it lacks."""
        have = {(c.id, c.version) for c in self.credentials}
        pathway_ids = {p.id for p in self.pathways}
        return Catalog(
            self.credentials + tuple(c for c in other.credentials if (c.id, c.version) not in have),
            self.pathways + tuple(p for p in other.pathways if p.id not in pathway_ids),
        )

    def pathway(self, pathway_id: str) -> Pathway | None:
        return next((p for p in self.pathways if p.id == pathway_id), None)

    def latest(self) -> tuple[Credential, ...]:
        """One credential per id, its newest version, in catalog order."""
        seen: dict[str, Credential] = {}
        for credential in self.credentials:
            current = seen.get(credential.id)
            if current is None or version_key(credential.version) > version_key(current.version):
                seen[credential.id] = credential
        return tuple(seen.values())


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sort "1.10" after "1.9": numeric parts compare as numbers."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in version.split("."))

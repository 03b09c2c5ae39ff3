"""A review of one bundle: time-stamped comments, rubric scores and the decision they imply.

Evaluators score and decide; coaches only comment. The decision is never typed in:
it follows from the scores through each unit's passing rule, so it cannot
contradict the rubric.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from evidencekit.domain.catalog import Credential, Unit
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.ids import CriterionId, LevelId, UnitId


class ReviewerRole(StrEnum):
    EVALUATOR = "evaluator"
    COACH = "coach"


class Decision(StrEnum):
    EARNED = "earned"
    NOT_YET = "not-yet"


@dataclass(frozen=True)
class MarkerCategory:
    id: str
    label: str
    colour: str  # #rrggbb, shown on the timeline


DEFAULT_MARKERS = (
    MarkerCategory("strength", "Strength", "#2e7d32"),
    MarkerCategory("suggestion", "Suggestion", "#ef6c00"),
    MarkerCategory("question", "Question", "#1565c0"),
    MarkerCategory("note", "Note", "#6a1b9a"),
)


def marker_set(items: list[tuple[str, str]]) -> tuple[MarkerCategory, ...]:
    """Categories from (label, colour) pairs, with ids made from the labels.

    Refuses what would confuse the timeline: no categories, blank or repeated
    labels, or a colour that is not #rrggbb.
    """
    if not 1 <= len(items) <= 32:
        raise EvidenceKitError("Keep between 1 and 32 comment categories.")
    out: list[MarkerCategory] = []
    for label, colour in items:
        label = " ".join(label.split())
        slug = "-".join("".join(c if c.isalnum() else " " for c in label.lower()).split())[:64]
        if not slug or not slug.isascii():
            raise EvidenceKitError(f"{label!r} cannot name a category; use letters and digits.")
        if any(m.id == slug for m in out):
            raise EvidenceKitError(f"There are two categories called {label!r}.")
        if len(colour) != 7 or colour[0] != "#" or any(c not in _HEX for c in colour[1:].lower()):
            raise EvidenceKitError(f"{colour!r} is not a colour like #2e7d32.")
        out.append(MarkerCategory(slug, label[:60], colour.lower()))
    return tuple(out)


_HEX = "0123456789abcdef"


@dataclass(frozen=True)
class Comment:
    """A remark tied to a moment of a clip, or to a range of an essay's text.

    ``evidence`` is the evidence's path inside the bundle (``data/video/…``), which is
    what both the reviewer and the teacher can resolve; exactly one anchor is set.
    """

    evidence: str
    category: str
    text: str
    at_s: float | None = None
    text_range: tuple[int, int] | None = None
    author: str = ""

    def __post_init__(self) -> None:
        if (self.at_s is None) == (self.text_range is None):
            raise ValueError("a comment is anchored to a moment or to a text range, not both")
        if self.at_s is not None and self.at_s < 0:
            raise ValueError("a moment cannot be before the start of the clip")
        if self.text_range is not None and not 0 <= self.text_range[0] <= self.text_range[1]:
            raise ValueError("a text range must run forwards")


@dataclass(frozen=True)
class Score:
    unit: UnitId
    criterion: CriterionId
    level: LevelId
    feedback: str = ""


class ReviewIncomplete(EvidenceKitError):
    """The decision is asked for before every criterion has a level."""

    exit_code = 1


@dataclass(frozen=True)
class Review:
    bundle_sha256: str
    role: ReviewerRole
    reviewer: str  # the reviewer's key fingerprint
    credential_id: str
    credential_version: str
    units: tuple[UnitId, ...]  # the units this bundle was packed for
    comments: tuple[Comment, ...] = ()
    scores: tuple[Score, ...] = ()
    markers: tuple[MarkerCategory, ...] = DEFAULT_MARKERS
    summary: str = ""  # overall written feedback
    created_at: str = ""  # ISO 8601, UTC

    def with_markers(self, markers: tuple[MarkerCategory, ...]) -> Review:
        """Another category set; every category a comment already uses must stay."""
        used = {c.category for c in self.comments} - {m.id for m in markers}
        if used:
            names = ", ".join(sorted(used))
            raise EvidenceKitError(f"Comments still use these categories: {names}.")
        return replace(self, markers=markers)

    def with_comment(self, comment: Comment) -> Review:
        if comment.category not in {m.id for m in self.markers}:
            raise EvidenceKitError(f"There is no comment category called {comment.category!r}.")
        ordered = sorted(
            (*self.comments, comment),
            key=lambda c: (c.evidence, c.at_s if c.at_s is not None else -1.0, c.text_range),
        )
        return replace(self, comments=tuple(ordered))

    def with_score(self, credential: Credential, score: Score) -> Review:
        if self.role is ReviewerRole.COACH:
            raise EvidenceKitError("Coaches comment; only an evaluator scores against the rubric.")
        unit = _unit(credential, score.unit, self.units)
        criterion = next((c for c in unit.rubric.criteria if c.id == score.criterion), None)
        if criterion is None:
            raise EvidenceKitError(f"Unit {unit.title!r} has no criterion {score.criterion!r}.")
        if score.level not in {level.id for level in unit.rubric.levels}:
            raise EvidenceKitError(f"The rubric of {unit.title!r} has no level {score.level!r}.")
        kept = [s for s in self.scores if (s.unit, s.criterion) != (score.unit, score.criterion)]
        return replace(
            self, scores=tuple(sorted([*kept, score], key=lambda s: (s.unit, s.criterion)))
        )

    def missing_scores(self, credential: Credential) -> list[tuple[UnitId, CriterionId]]:
        scored = {(s.unit, s.criterion) for s in self.scores}
        return [
            (unit_id, criterion.id)
            for unit_id in self.units
            for criterion in _unit(credential, unit_id, self.units).rubric.criteria
            if (unit_id, criterion.id) not in scored
        ]

    def unit_decisions(self, credential: Credential) -> dict[UnitId, Decision]:
        """Each unit's decision from its passing rule; every criterion must be scored."""
        if self.role is ReviewerRole.COACH:
            raise EvidenceKitError("A coach's review carries no decision.")
        missing = self.missing_scores(credential)
        if missing:
            raise ReviewIncomplete(
                f"Score every criterion first: {len(missing)} still without a level."
            )
        decisions = {}
        for unit_id in self.units:
            unit = _unit(credential, unit_id, self.units)
            levels = {s.criterion: s.level for s in self.scores if s.unit == unit_id}
            decisions[unit_id] = Decision.EARNED if unit.rubric.passes(levels) else Decision.NOT_YET
        return decisions

    def decision(self, credential: Credential) -> Decision:
        decisions = self.unit_decisions(credential).values()
        return Decision.EARNED if all(d is Decision.EARNED for d in decisions) else Decision.NOT_YET


def _unit(credential: Credential, unit_id: UnitId, allowed: tuple[UnitId, ...]) -> Unit:
    unit = next((u for u in credential.units if u.id == unit_id), None)
    if unit is None or unit_id not in allowed:
        raise EvidenceKitError(f"This bundle is not for a unit called {unit_id!r}.")
    return unit

"""Progress at a glance: how far each submission is, and how credentials stack.

Pure functions over preflight findings; the dashboard and the CLI read these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from evidencekit.domain.catalog import Catalog, Credential, Pathway
from evidencekit.domain.preflight import Finding, SlotStatus, slot_status
from evidencekit.domain.submissions import Attempt, AttemptStatus, Evidence, Submission


class Stage(StrEnum):
    """Where a submission stands: the one answer every view gives."""

    TO_DO = "to_do"  # requirements still unmet
    READY = "ready"  # every requirement met: ready to seal
    SEALED = "sealed"  # sealed, waiting for review
    RETURNED = "returned"  # the review came back asking for more
    EARNED = "earned"


@dataclass(frozen=True)
class Standing:
    stage: Stage
    still_to_do: int  # requirements not met (and stray evidence in the way)
    sealed_at: datetime | None  # when the current attempt was sealed


_STAGE_OF_STATUS = {
    AttemptStatus.PACKED: Stage.SEALED,
    AttemptStatus.RETURNED: Stage.RETURNED,
    AttemptStatus.EARNED: Stage.EARNED,
}


def standing(attempt: Attempt, still_to_do: int) -> Standing:
    """Once sealed, what counts is where the attempt stands, not the checklist."""
    stage = _STAGE_OF_STATUS.get(attempt.status)
    if stage is None:
        stage = Stage.READY if still_to_do == 0 else Stage.TO_DO
    return Standing(stage, still_to_do, attempt.sealed_at)


@dataclass(frozen=True)
class SubmissionProgress:
    submission: Submission
    credential_title: str
    scope_title: str | None  # the unit's title, or None for the whole credential
    units_done: int
    units_total: int
    slots_met: int
    slots_total: int
    attempts: tuple[Attempt, ...]
    missing: tuple[tuple[str, str], ...]  # (slot title, why) for every slot not met yet

    @property
    def status(self) -> AttemptStatus:
        return self.attempts[-1].status

    @property
    def complete(self) -> bool:
        return self.slots_total > 0 and self.slots_met == self.slots_total

    @property
    def standing(self) -> Standing:
        return standing(self.attempts[-1], len(self.missing))


def submission_progress(
    submission: Submission,
    credential: Credential,
    attempts: Sequence[Attempt],
    evidence: Sequence[Evidence],
    findings: Sequence[Finding],
) -> SubmissionProgress:
    units = credential.units_in_scope(submission.unit_id)
    units_done = slots_met = slots_total = 0
    missing: list[tuple[str, str]] = []
    in_scope = {slot.id for unit in units for slot in unit.slots}
    for unit in units:
        unit_met = True
        for slot in unit.slots:
            about = [f for f in findings if f.slot_id == slot.id]
            has = any(e.slot_id == slot.id for e in evidence)
            slots_total += 1
            if slot_status(about, has) is SlotStatus.MET:
                slots_met += 1
            else:
                unit_met = False
                missing.append((slot.title, next(f.message for f in about if f.blocking)))
        units_done += unit_met
    # Evidence attached to a requirement outside the scope blocks sealing too.
    missing.extend(
        (f.slot_id or "", f.message) for f in findings if f.blocking and f.slot_id not in in_scope
    )
    chosen = credential.unit(submission.unit_id) if submission.unit_id else None
    return SubmissionProgress(
        submission,
        credential.title,
        chosen.title if chosen else None,
        units_done,
        len(units),
        slots_met,
        slots_total,
        tuple(attempts),
        tuple(missing),
    )


class CredentialState(StrEnum):
    EARNED = "earned"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class PathwayStep:
    credential_id: str
    title: str
    state: CredentialState
    fraction: float  # slots met over slots needed, across the credential's submissions


def pathway_steps(
    pathway: Pathway, catalog: Catalog, progress: Sequence[SubmissionProgress]
) -> list[PathwayStep]:
    """Each credential of a pathway with how far the teacher has come towards it."""
    steps = []
    for credential_id in pathway.credential_ids:
        credential = catalog.get(credential_id)
        title = credential.title if credential else credential_id
        mine = [p for p in progress if p.submission.credential_id == credential_id]
        if any(p.status is AttemptStatus.EARNED and p.scope_title is None for p in mine):
            steps.append(PathwayStep(credential_id, title, CredentialState.EARNED, 1.0))
        elif mine:
            best = max(p.slots_met / p.slots_total if p.slots_total else 0.0 for p in mine)
            steps.append(PathwayStep(credential_id, title, CredentialState.IN_PROGRESS, best))
        else:
            steps.append(PathwayStep(credential_id, title, CredentialState.NOT_STARTED, 0.0))
    return steps

from __future__ import annotations

from datetime import UTC, datetime

from evidencekit.domain.catalog import Catalog, Pathway
from evidencekit.domain.ids import AttemptId, CredentialId, PathwayId, SubmissionId, UnitId
from evidencekit.domain.preflight import preflight
from evidencekit.domain.progress import (
    CredentialState,
    Stage,
    pathway_steps,
    standing,
    submission_progress,
)
from evidencekit.domain.submissions import Attempt, AttemptStatus, Submission
from tests.domain.test_preflight import complete
from tests.factories import credential

NOW = datetime.now(UTC)


def submission(unit: str | None, n: int = 1) -> Submission:
    return Submission(SubmissionId(n), CredentialId("cfu"), "1.0", unit and UnitId(unit), "S", NOW)


def attempts(*statuses: AttemptStatus) -> list[Attempt]:
    return [Attempt(AttemptId(i), SubmissionId(1), i, s, NOW) for i, s in enumerate(statuses, 1)]


def progress_of(unit: str | None, evidence, statuses=(AttemptStatus.DRAFT,)):
    cred = credential()
    findings = preflight(cred, unit, evidence)
    return submission_progress(submission(unit), cred, attempts(*statuses), evidence, findings)


def test_a_complete_unit() -> None:
    p = progress_of("questioning", complete())
    assert (p.units_done, p.units_total, p.slots_met, p.slots_total) == (1, 1, 5, 5)
    assert p.complete and p.missing == () and p.scope_title == "Questioning"


def test_whole_credential_lists_what_is_missing() -> None:
    p = progress_of(None, complete()[1:], (AttemptStatus.RETURNED, AttemptStatus.DRAFT))
    assert (p.units_done, p.units_total, p.slots_met, p.slots_total) == (0, 2, 4, 6)
    assert [slot for slot, _why in p.missing] == ["Classroom clip", "Signals essay"]
    assert "needs at least 1 clip" in p.missing[0][1]
    assert p.status is AttemptStatus.DRAFT and len(p.attempts) == 2
    assert not p.complete and p.scope_title is None


def test_pathway_steps_earned_in_progress_not_started() -> None:
    catalog = Catalog(
        (credential(),),
        (Pathway(PathwayId("p"), "Leader", "", (CredentialId("cfu"), CredentialId("other"))),),
    )
    half = progress_of("questioning", complete()[1:])
    [cfu, other] = pathway_steps(catalog.pathways[0], catalog, [half])
    assert (cfu.state, round(cfu.fraction, 2)) == (CredentialState.IN_PROGRESS, 0.8)
    assert (other.state, other.title) == (CredentialState.NOT_STARTED, "other")
    earned = progress_of(None, complete(), (AttemptStatus.EARNED,))
    [cfu, _other] = pathway_steps(catalog.pathways[0], catalog, [half, earned])
    assert cfu.state is CredentialState.EARNED
    unit_earned = progress_of("questioning", complete(), (AttemptStatus.EARNED,))
    [cfu, _other] = pathway_steps(catalog.pathways[0], catalog, [unit_earned])
    assert cfu.state is CredentialState.IN_PROGRESS  # one unit earned is not the credential


def test_standing_follows_the_checklist_until_sealed_then_the_attempt() -> None:
    assert progress_of("questioning", complete()).standing.stage is Stage.READY
    to_do = progress_of(None, complete()[1:]).standing
    assert (to_do.stage, to_do.still_to_do) == (Stage.TO_DO, 2)
    sealed = progress_of(None, complete()[1:], (AttemptStatus.PACKED,)).standing
    assert sealed.stage is Stage.SEALED  # what was sealed counts, not the checklist
    sealed_on = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    attempt = Attempt(AttemptId(1), SubmissionId(1), 1, AttemptStatus.EARNED, NOW, sealed_on)
    earned = standing(attempt, 0)
    assert (earned.stage, earned.sealed_at) == (Stage.EARNED, sealed_on)

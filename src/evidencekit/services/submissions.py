"""Creating, listing and checking submissions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from evidencekit.domain.catalog import Catalog, Credential, Slot
from evidencekit.domain.consent import Student
from evidencekit.domain.errors import EvidenceKitError, NotFound
from evidencekit.domain.ids import EvidenceId
from evidencekit.domain.limits import clean_title, without_controls
from evidencekit.domain.preflight import Finding, preflight
from evidencekit.domain.submissions import Attempt, AttemptStatus, Clip, Evidence, Submission
from evidencekit.services.catalogs import get_credential, workspace_catalog
from evidencekit.storage import repository, roster
from evidencekit.storage.redaction_plans import plan_statuses
from evidencekit.storage.workspace import Workspace

EDITABLE = (AttemptStatus.DRAFT, AttemptStatus.READY)


@dataclass(frozen=True)
class SubmissionSummary:
    submission: Submission
    attempt: Attempt
    credential_title: str
    unit_title: str | None
    evidence_count: int

    def to_dict(self) -> dict[str, object]:
        s = self.submission
        return {
            "id": s.id,
            "title": s.title,
            "credential": s.credential_id,
            "credential_version": s.credential_version,
            "credential_title": self.credential_title,
            "unit": s.unit_id,
            "unit_title": self.unit_title,
            "attempt": self.attempt.number,
            "status": str(self.attempt.status),
            "evidence": self.evidence_count,
            "created_at": s.created_at.isoformat(),
        }


@dataclass(frozen=True)
class SubmissionDetail:
    submission: Submission
    attempt: Attempt
    credential: Credential
    evidence: list[Evidence]
    findings: list[Finding]
    appearances: dict[EvidenceId, list[Student]] = field(default_factory=dict)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    def slots(self) -> list[Slot]:
        units = self.credential.units_in_scope(self.submission.unit_id)
        return [slot for unit in units for slot in unit.slots]


def create_submission(
    workspace: Workspace, credential_id: str, unit_id: str | None, title: str
) -> SubmissionSummary:
    catalog = workspace_catalog(workspace)
    credential = get_credential(catalog, credential_id)
    if unit_id is not None and credential.unit(unit_id) is None:
        units = ", ".join(u.id for u in credential.units)
        raise NotFound("unit", unit_id, f"'{credential.title}' has the units: {units}.")
    if not without_controls(title).strip():
        raise EvidenceKitError("A submission needs a title, e.g. 'Spring 2027 — Grade 5 math'.")
    title = clean_title(title, "submission title")
    with workspace.unit_of_work() as session:
        submission, attempt = repository.create_submission(
            session, credential.id, credential.version, unit_id, title
        )
    unit = credential.unit(unit_id) if unit_id else None
    return SubmissionSummary(submission, attempt, credential.title, unit.title if unit else None, 0)


def list_submissions(workspace: Workspace) -> list[SubmissionSummary]:
    catalog = workspace_catalog(workspace)
    summaries = []
    with workspace.unit_of_work() as session:
        counts = repository.evidence_counts(session)
        for row in repository.list_submissions(session):
            attempt = row.attempts[-1]
            credential = catalog.get(row.credential_id, row.credential_version)
            unit = credential.unit(row.unit_id) if credential and row.unit_id else None
            summaries.append(
                SubmissionSummary(
                    repository.to_submission(row),
                    repository.to_attempt(attempt),
                    credential.title if credential else f"{row.credential_id} (not in catalog)",
                    unit.title if unit else None,
                    counts.get(attempt.id, 0),
                )
            )
    return summaries


def load_attempt(session: Session, submission_id: int) -> tuple[Submission, Attempt]:
    submission = repository.get_submission(session, submission_id)
    if submission is None:
        raise NotFound("submission", str(submission_id), "See `evidencekit submission list`.")
    attempt = repository.latest_attempt(session, submission_id)
    assert attempt is not None, "every submission is created with attempt 1"
    return submission, attempt


def credential_of(catalog: Catalog, submission: Submission) -> Credential:
    return get_credential(catalog, submission.credential_id, submission.credential_version)


def submission_detail(
    workspace: Workspace, submission_id: int, catalog: Catalog | None = None
) -> SubmissionDetail:
    """The submission, its current attempt, its evidence and its preflight findings.

    Pass ``catalog`` when the caller already holds the workspace's catalog.
    """
    catalog = catalog or workspace_catalog(workspace)
    with workspace.unit_of_work() as session:
        submission, attempt = load_attempt(session, submission_id)
        evidence = repository.evidence_of(session, attempt.id)
        appearances = roster.appearances_in_attempt(session, attempt.id)
    credential = credential_of(catalog, submission)
    clips = [item for item in evidence if isinstance(item, Clip)]
    redactions = plan_statuses(workspace.path, workspace.media, clips)
    findings = preflight(credential, submission.unit_id, evidence, appearances, redactions)
    return SubmissionDetail(submission, attempt, credential, evidence, findings, appearances)

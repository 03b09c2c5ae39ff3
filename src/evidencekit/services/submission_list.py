"""Reading submissions: the list (each with its latest attempt), and one submission's
detail (its evidence and preflight findings), as the window opens on them.

Kept apart from services/submissions.py, which needs the ORM to write: these are read
in plain SQL (storage/plain_reads.py), so the first window shows the workspace, each
submission's standing included, without SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evidencekit.domain.catalog import Catalog, Credential, Slot
from evidencekit.domain.consent import Student
from evidencekit.domain.errors import NotFound
from evidencekit.domain.ids import EvidenceId
from evidencekit.domain.preflight import Finding, preflight
from evidencekit.domain.submissions import Attempt, Clip, Evidence, Submission
from evidencekit.services.catalogs import get_credential, workspace_catalog
from evidencekit.storage.plain_reads import latest_attempt_contents, submissions_with_latest_attempt
from evidencekit.storage.redaction_plans import plan_statuses
from evidencekit.storage.workspace import Workspace


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


def list_submissions(
    workspace: Workspace, catalog: Catalog | None = None
) -> list[SubmissionSummary]:
    """Pass ``catalog`` when the caller already holds the workspace's catalog."""
    catalog = catalog or workspace_catalog(workspace)
    summaries = []
    for record in submissions_with_latest_attempt(workspace):
        submission = record.submission
        credential = catalog.get(submission.credential_id, submission.credential_version)
        unit = credential.unit(submission.unit_id) if credential and submission.unit_id else None
        summaries.append(
            SubmissionSummary(
                submission,
                record.attempt,
                credential.title if credential else f"{submission.credential_id} (not in catalog)",
                unit.title if unit else None,
                record.evidence_count,
            )
        )
    return summaries


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


def submission_detail(
    workspace: Workspace, submission_id: int, catalog: Catalog | None = None
) -> SubmissionDetail:
    """The submission, its current attempt, its evidence and its preflight findings.

    Pass ``catalog`` when the caller already holds the workspace's catalog.
    """
    catalog = catalog or workspace_catalog(workspace)
    contents = latest_attempt_contents(workspace, submission_id)
    if contents is None:
        raise NotFound("submission", str(submission_id), "See `evidencekit submission list`.")
    submission, evidence = contents.submission, contents.evidence
    credential = get_credential(catalog, submission.credential_id, submission.credential_version)
    clips = [item for item in evidence if isinstance(item, Clip)]
    redactions = plan_statuses(workspace.path, workspace.media, clips)
    findings = preflight(credential, submission.unit_id, evidence, contents.appearances, redactions)
    return SubmissionDetail(
        submission, contents.attempt, credential, evidence, findings, contents.appearances
    )

"""The submissions list: each submission with its latest attempt, as the window opens on it.

Kept apart from services/submissions.py, which needs the ORM: this list is read in
plain SQL (storage/plain_reads.py), so the first window shows it without SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidencekit.domain.catalog import Catalog
from evidencekit.domain.submissions import Attempt, Submission
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.storage.plain_reads import submissions_with_latest_attempt
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

"""Progress of every submission in a workspace, for the dashboard."""

from __future__ import annotations

from evidencekit.domain.catalog import Catalog
from evidencekit.domain.preflight import preflight
from evidencekit.domain.progress import SubmissionProgress, submission_progress
from evidencekit.domain.submissions import Clip
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.storage import repository, roster
from evidencekit.storage.redaction_plans import plan_statuses
from evidencekit.storage.workspace import Workspace


def workspace_progress(
    workspace: Workspace, catalog: Catalog | None = None
) -> list[SubmissionProgress]:
    """Every submission whose credential is in the catalog, newest first."""
    catalog = catalog or workspace_catalog(workspace)
    found = []
    with workspace.unit_of_work() as session:
        for submission, attempts in repository.list_submissions(session):
            credential = catalog.get(submission.credential_id, submission.credential_version)
            if credential is None:
                continue
            current = attempts[-1].id
            evidence = repository.evidence_of(session, current)
            appearances = roster.appearances_in_attempt(session, current)
            # The same facts the Work tab checks with, protected clips included, so the
            # dashboard never disagrees with it.
            clips = [item for item in evidence if isinstance(item, Clip)]
            redactions = plan_statuses(workspace.path, workspace.media, clips)
            findings = preflight(credential, submission.unit_id, evidence, appearances, redactions)
            found.append(submission_progress(submission, credential, attempts, evidence, findings))
    return sorted(found, key=lambda p: p.submission.created_at, reverse=True)

"""Creating, listing and checking submissions."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evidencekit.domain.catalog import Catalog, Credential
from evidencekit.domain.errors import EvidenceKitError, NotFound
from evidencekit.domain.limits import clean_title, without_controls
from evidencekit.domain.submissions import Attempt, AttemptStatus, Submission
from evidencekit.services.catalogs import get_credential, workspace_catalog
from evidencekit.services.submission_list import SubmissionDetail as SubmissionDetail
from evidencekit.services.submission_list import SubmissionSummary
from evidencekit.services.submission_list import list_submissions as list_submissions
from evidencekit.services.submission_list import submission_detail as submission_detail
from evidencekit.storage import repository
from evidencekit.storage.workspace import Workspace

EDITABLE = (AttemptStatus.DRAFT, AttemptStatus.READY)


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


def load_attempt(session: Session, submission_id: int) -> tuple[Submission, Attempt]:
    submission = repository.get_submission(session, submission_id)
    if submission is None:
        raise NotFound("submission", str(submission_id), "See `evidencekit submission list`.")
    attempt = repository.latest_attempt(session, submission_id)
    assert attempt is not None, "every submission is created with attempt 1"
    return submission, attempt


def credential_of(catalog: Catalog, submission: Submission) -> Credential:
    return get_credential(catalog, submission.credential_id, submission.credential_version)

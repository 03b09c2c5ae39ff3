"""The Reviews view: reviews I am writing or have sent (evaluator, coach), and reviews
that came back to me (teacher), newest first."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from evidencekit.bundle.verify import METADATA_FILE
from evidencekit.domain.coaching import is_coaching_draft
from evidencekit.domain.review import ReviewerRole
from evidencekit.services.people import trusted_people
from evidencekit.storage.models import AttemptRow, ReceivedReview, ReviewDraft, SubmissionRow
from evidencekit.storage.workspace import Workspace

DRAFT, EXPORTED, IMPORTED = "draft", "exported", "imported"


@dataclass(frozen=True)
class ReviewEntry:
    state: str  # DRAFT, EXPORTED or IMPORTED
    title: str  # the candidate (pseudonym or title) or, for an imported one, my submission
    role: ReviewerRole
    who: str  # who wrote it: empty for my own
    comments: int
    decision: str | None  # "earned" / "not-yet" once decided, else None
    when: datetime  # last saved, sent, or received
    draft_id: int | None = None  # to reopen my own
    submission_id: int | None = None  # to see feedback on mine
    on_draft: bool = False  # the bundle is a draft for coaching (never scored)


def _candidate(folder: Path, bundle_name: str) -> tuple[str, bool]:
    """Whom the bundle is from, and whether it is a draft for coaching (both as its
    verified metadata says)."""
    try:
        metadata = json.loads((folder / METADATA_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return bundle_name, False  # its folder is gone: the bundle's name still says which
    pseudonym = metadata.get("candidate", {}).get("pseudonym")
    return pseudonym or metadata["submission"]["title"], is_coaching_draft(metadata)


def my_reviews(workspace: Workspace, reviewers: Collection[str]) -> list[ReviewEntry]:
    """The drafts and sent reviews of these keys (her fingerprints, services.people.my_keys);
    a review centre's database holds every evaluator's."""
    with workspace.unit_of_work() as session:
        drafts = session.scalars(select(ReviewDraft).order_by(ReviewDraft.id.desc())).all()
        rows = [
            (d.id, Path(d.folder), d.bundle_name, d.role, d.body, d.updated_at, d.exported_at)
            for d in drafts
        ]
    out = []
    for draft_id, folder, name, role, body, updated, exported in rows:
        review = json.loads(body)
        if review.get("reviewer") not in reviewers:
            continue
        candidate, on_draft = _candidate(folder, name)
        out.append(
            ReviewEntry(
                EXPORTED if exported is not None else DRAFT,
                candidate,
                ReviewerRole(role),
                "",
                len(review["comments"]),
                None,
                exported or updated,
                draft_id=draft_id,
                on_draft=on_draft,
            )
        )
    return out


def received_reviews(workspace: Workspace) -> list[ReviewEntry]:
    names = {p.fingerprint: p.label for p in trusted_people()}
    with workspace.unit_of_work() as session:
        rows = session.execute(
            select(ReceivedReview, SubmissionRow.title, SubmissionRow.id, AttemptRow.number)
            .join(AttemptRow, AttemptRow.id == ReceivedReview.attempt_id)
            .join(SubmissionRow, SubmissionRow.id == AttemptRow.submission_id)
            .order_by(ReceivedReview.id.desc())
        ).all()
        found = [
            (r.role, r.reviewer, r.decision, r.document, r.imported_at, title, sid, n)
            for r, title, sid, n in rows
        ]
    out = []
    for role, reviewer, decision, document, imported_at, title, submission_id, number in found:
        body = json.loads(document)["review"]
        who = names.get(reviewer) or body.get("reviewer_name") or reviewer
        out.append(
            ReviewEntry(
                IMPORTED,
                f"{title} (attempt {number})",
                ReviewerRole(role),
                who,
                len(body["comments"]),
                decision,
                imported_at,
                submission_id=submission_id,
                on_draft=bool(body.get("on_coaching_draft")),
            )
        )
    return out

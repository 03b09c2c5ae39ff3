"""The Reviews view: reviews I am writing or have sent (evaluator, coach), and reviews
that came back to me (teacher), newest first."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from evidencekit.bundle.verify import METADATA_FILE
from evidencekit.domain.coaching import is_coaching_draft
from evidencekit.domain.review import ReviewerRole
from evidencekit.services.people import trusted_people
from evidencekit.storage import review_records
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
        drafts = review_records.drafts(session)
    out = []
    for d in drafts:
        review = json.loads(d.body)
        if review.get("reviewer") not in reviewers:
            continue
        candidate, on_draft = _candidate(d.folder, d.bundle_name)
        out.append(
            ReviewEntry(
                EXPORTED if d.exported_at is not None else DRAFT,
                candidate,
                ReviewerRole(d.role),
                "",
                len(review["comments"]),
                None,
                d.exported_at or d.updated_at,
                draft_id=d.id,
                on_draft=on_draft,
            )
        )
    return out


def received_reviews(workspace: Workspace) -> list[ReviewEntry]:
    names = {p.fingerprint: p.label for p in trusted_people()}
    with workspace.unit_of_work() as session:
        found = review_records.received(session)
    out = []
    for r in found:
        body = json.loads(r.document)["review"]
        who = names.get(r.reviewer) or body.get("reviewer_name") or r.reviewer
        out.append(
            ReviewEntry(
                IMPORTED,
                f"{r.submission_title} (attempt {r.attempt_number})",
                ReviewerRole(r.role),
                who,
                len(body["comments"]),
                r.decision,
                r.imported_at,
                submission_id=r.submission_id,
                on_draft=bool(body.get("on_coaching_draft")),
            )
        )
    return out

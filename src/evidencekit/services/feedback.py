"""The teacher's side of a review: remember what was sent, take the return file in,
show the feedback where it belongs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidencekit.bundle.credentials.credential_check import check_credential
from evidencekit.bundle.reply_file import SUFFIX as REPLIES_SUFFIX
from evidencekit.bundle.reply_file import Reply, sign_replies
from evidencekit.bundle.review_file import SignedReview, read_review_file
from evidencekit.bundle.signing.identity import TrustStore
from evidencekit.domain.catalog import Credential
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.review import Decision, ReviewerRole
from evidencekit.domain.submissions import Artifact, AttemptStatus, Clip, Evidence
from evidencekit.services.catalogs import get_credential, workspace_catalog
from evidencekit.services.people import load_me, trusted_people
from evidencekit.services.submissions import credential_of, load_attempt
from evidencekit.services.wallet import keep
from evidencekit.storage import feedback_records
from evidencekit.storage.atomic_files import write_atomically
from evidencekit.storage.locations import trust_store_path
from evidencekit.storage.workspace import Workspace

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def previous_review(
    workspace: Workspace, submission_id: int, attempt_number: int
) -> dict[str, Any] | None:
    """What a resubmission's metadata names: the review of the attempt before it."""
    if attempt_number <= 1:
        return None
    with workspace.unit_of_work() as session:
        sha = feedback_records.evaluation_of(session, submission_id, attempt_number - 1)
    return None if sha is None else {"attempt": attempt_number - 1, "review_sha256": sha}


def trusted_reviewers() -> dict[str, str]:
    keys = TrustStore(trust_store_path()).keys()
    return {key.fingerprint: key.role for key in keys}


@dataclass(frozen=True)
class ImportedReview:
    submission_id: int
    attempt_number: int
    role: ReviewerRole
    decision: Decision | None
    comments: int


def import_review(workspace: Workspace, path: Path) -> ImportedReview:
    """Check a return file completely, then keep it with the attempt it reviews."""
    catalog = workspace_catalog(workspace)
    with workspace.unit_of_work() as session:
        sent = feedback_records.sent_bundles(session)

    def lookup(credential_id: str, version: str) -> Credential:
        return get_credential(catalog, credential_id, version)

    signed = read_review_file(path, lookup, trusted_reviewers(), sent)
    return _keep(workspace, signed)


def _keep(workspace: Workspace, signed: SignedReview) -> ImportedReview:
    review = signed.review
    with workspace.unit_of_work() as session:
        attempt = feedback_records.attempt_of_bundle(session, review.bundle_sha256)
        assert attempt is not None  # read_review refused reviews of bundles not sent
        if feedback_records.has_received(session, attempt.id, signed.sha256):
            raise EvidenceKitError("This review was already imported; nothing changed.")
        feedback_records.add_received(
            session,
            attempt.id,
            review.bundle_sha256,
            signed.sha256,
            review.role.value,
            review.reviewer,
            signed.decision.value if signed.decision else None,
            signed.document,
        )
        if signed.award is not None:
            # read_review checked it; checking again here yields what the wallet keeps.
            keep(session, check_credential(signed.award), review.bundle_sha256)
        if signed.decision is Decision.EARNED:
            feedback_records.set_status(session, attempt.id, AttemptStatus.EARNED)
        elif signed.decision is Decision.NOT_YET:
            feedback_records.set_status(session, attempt.id, AttemptStatus.RETURNED)
        return ImportedReview(
            attempt.submission_id,
            attempt.number,
            review.role,
            signed.decision,
            len(review.comments),
        )


@dataclass(frozen=True)
class MomentFeedback:
    """A reviewer's comment, placed on the teacher's own evidence."""

    slot_id: str
    evidence_title: str
    media_sha256: str | None  # matches the clip in any later attempt that kept it
    at_s: float | None
    text_range: tuple[int, int] | None
    category: str
    label: str
    colour: str
    text: str
    author: str
    key: str = ""  # "<review sha256>/<comment number>": what a reply is attached to


@dataclass(frozen=True)
class CriterionFeedback:
    unit_id: str
    criterion_id: str
    criterion_title: str
    level_label: str
    feedback: str


@dataclass(frozen=True)
class Feedback:
    attempt_number: int
    role: ReviewerRole
    reviewer: str
    decision: Decision | None
    summary: str
    comments: list[MomentFeedback]
    criteria: list[CriterionFeedback]
    reviewer_name: str = ""  # as she trusted them, else as they signed it, else empty
    bundle_sha256: str = ""  # the bundle it reviews
    review_sha256: str = ""  # the return file's own hash


def feedback_for(workspace: Workspace, submission_id: int) -> list[Feedback]:
    """Every review received for the submission, newest first."""
    catalog = workspace_catalog(workspace)
    with workspace.unit_of_work() as session:
        submission, _latest = load_attempt(session, submission_id)
        credential = credential_of(catalog, submission)
        returned = feedback_records.returned_on(session, submission_id)
    return [_feedback(received, credential) for received in returned]


def _media_sha256(evidence: Evidence | None) -> str | None:
    """What finds the same file in a later attempt: its content hash."""
    if isinstance(evidence, Clip | Artifact):
        return evidence.sha256 or None
    return None


def _feedback(received: feedback_records.ReturnedReview, credential: Credential) -> Feedback:
    body = json.loads(received.document)["review"]
    markers = {m["id"]: m for m in body["markers"]}
    comments = []
    for position, c in enumerate(body["comments"]):
        item = received.evidence.get(c["evidence"])
        marker = markers[c["category"]]
        span = c.get("text_range")
        comments.append(
            MomentFeedback(
                item.slot_id if item else "",
                item.title if item else c["evidence"],
                _media_sha256(item),
                c.get("at_s"),
                (span[0], span[1]) if span else None,
                c["category"],
                marker["label"],
                marker["colour"],
                c["text"],
                c["author"],
                f"{received.sha256}/{position}",
            )
        )
    criteria = []
    for s in body["scores"]:
        unit = credential.unit(s["unit"])
        assert unit is not None  # read_review checked the scores against this credential
        criterion = next((k for k in unit.rubric.criteria if k.id == s["criterion"]), None)
        criteria.append(
            CriterionFeedback(
                s["unit"],
                s["criterion"],
                criterion.title if criterion else s["criterion"],
                unit.rubric.level(s["level"]).label,
                s["feedback"],
            )
        )
    decision = body.get("decision", {}).get("overall")
    names = {k.fingerprint: k.label for k in trusted_people()}
    return Feedback(
        received.attempt_number,
        ReviewerRole(received.role),
        received.reviewer,
        Decision(decision) if decision else None,
        body["summary"],
        comments,
        criteria,
        names.get(received.reviewer) or body.get("reviewer_name", ""),
        received.bundle_sha256,
        received.sha256,
    )


REPLIES_FILE = "feedback-replies.json"


def replies(workspace: Workspace) -> dict[str, list[str]]:
    """Her answers to reviewers' comments, by the comment's key (MomentFeedback.key)."""
    path = workspace.path / REPLIES_FILE
    try:
        found = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError:
        raise EvidenceKitError(f"{path}: your replies to feedback are damaged.") from None
    return {str(k): [str(t) for t in v] for k, v in found.items()}


def add_reply(workspace: Workspace, comment_key: str, text: str) -> list[str]:
    """Keep a reply under the comment; returns every reply to it so far."""
    text = text.strip()
    if not text:
        raise EvidenceKitError("Type your reply first.")
    kept = replies(workspace)
    kept.setdefault(comment_key, []).append(text)
    write_atomically(
        workspace.path / REPLIES_FILE, json.dumps(kept, ensure_ascii=False, indent=1).encode()
    )
    return kept[comment_key]


def replies_to_send(
    workspace: Workspace, submission_id: int, to: str | None = None
) -> tuple[str, list[Reply]]:
    """Her replies to one reviewer's comments on this submission, and that reviewer.

    Without ``to``, the one reviewer she has replied to (asking which if several)."""
    answers = replies(workspace)
    by_reviewer: dict[str, list[Reply]] = {}
    for feedback in feedback_for(workspace, submission_id):
        for number, note in enumerate(feedback.comments):
            for text in answers.get(note.key, []):
                by_reviewer.setdefault(feedback.reviewer, []).append(
                    Reply(feedback.bundle_sha256, feedback.review_sha256, number, note.text, text)
                )
    if to is None:
        if len(by_reviewer) > 1:
            raise EvidenceKitError(
                "You replied to several reviewers; say whose comments to answer "
                f"(--to one of: {', '.join(sorted(by_reviewer))})."
            )
        to = next(iter(by_reviewer), None)
    if to is None or not by_reviewer.get(to):
        raise EvidenceKitError("There are no replies to send yet: reply to a comment first.")
    return to, by_reviewer[to]


def export_replies(
    workspace: Workspace,
    submission_id: int,
    key: Ed25519PrivateKey,
    target: Path,
    to: str | None = None,
) -> Path:
    """Sign her replies to a reviewer and write them where she chose, for the reviewer's app."""
    reviewer, items = replies_to_send(workspace, submission_id, to)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    data = sign_replies(key, reviewer, created, items, load_me().name)
    if target.suffix != REPLIES_SUFFIX:
        target = target.with_name(target.name + REPLIES_SUFFIX)
    write_atomically(target, data)
    return target


def latest_criteria_feedback(workspace: Workspace, submission_id: int) -> list[CriterionFeedback]:
    """The newest evaluator's per-criterion feedback, for the checklist."""
    for feedback in feedback_for(workspace, submission_id):
        if feedback.role is ReviewerRole.EVALUATOR:
            return feedback.criteria
    return []

"""The ``.evkit-review`` return file: a review, bound to one bundle's hash, signed.

One JSON document: ``review`` (what the reviewer says) and ``signature`` (Ed25519
over the canonical form of ``review``: keys sorted, no spaces, UTF-8). The reader
refuses, each with its own reason: anything too large or malformed, a signature that
does not match (tampered), a key the reader has not trusted in the reviewer's role,
a review of another bundle, and a decision that contradicts the rubric.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidencekit.bundle.credentials.credential_check import check_credential
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.bundle.signing.signed_json import Refusals, open_signed, sign_document
from evidencekit.domain.catalog import Credential
from evidencekit.domain.credentials import CredentialRefused
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.ids import CriterionId, LevelId, UnitId
from evidencekit.domain.review import (
    Comment,
    Decision,
    MarkerCategory,
    Review,
    ReviewerRole,
    ReviewIncomplete,
    Score,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

SUFFIX = ".evkit-review"
MAX_BYTES = 16 << 20  # 20,000 comments of ordinary length fit many times over
SCHEMA = "review-1.schema.json"

# (credential id, version) -> the catalog's credential; raises EvidenceKitError if unknown
CredentialLookup = Callable[[str, str], Credential]


class ReviewRefused(EvidenceKitError):
    """A return file that must not be imported; ``reason`` says why in one sentence."""

    exit_code = 1

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"The review {source} was refused: {reason}")


class UnknownReviewer(ReviewRefused):
    """Validly signed, by a key not trusted in the review's role: she may trust it now."""

    def __init__(self, source: str, public_key: Ed25519PublicKey, role: ReviewerRole, name: str):
        self.public_key, self.role, self.name = public_key, role, name
        print_ = fingerprint(public_key)
        super().__init__(
            source, f"it is signed by a key you have not trusted as {role.value} ({print_})."
        )

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class SignedReview:
    review: Review
    decision: Decision | None  # None for a coach's review
    unit_decisions: dict[UnitId, Decision]
    award: dict[str, Any] | None  # the Open Badges credential, when the decision is "earned"
    document: bytes  # the file's bytes, kept as received
    sha256: str


def review_to_dict(
    review: Review,
    credential: Credential,
    award: dict[str, Any] | None = None,
    reviewer_name: str = "",
    on_draft: bool = False,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "bundle_sha256": review.bundle_sha256,
        "role": review.role.value,
        "reviewer": review.reviewer,
        "credential": {"id": review.credential_id, "version": review.credential_version},
        "units": list(review.units),
        "markers": [{"id": m.id, "label": m.label, "colour": m.colour} for m in review.markers],
        "comments": [_comment_to_dict(c) for c in review.comments],
        "scores": [
            {"unit": s.unit, "criterion": s.criterion, "level": s.level, "feedback": s.feedback}
            for s in review.scores
        ],
        "summary": review.summary,
        "created_at": review.created_at,
    }
    if review.role is ReviewerRole.EVALUATOR:
        units = review.unit_decisions(credential)
        body["decision"] = {
            "overall": review.decision(credential).value,
            "units": {unit: decision.value for unit, decision in units.items()},
        }
    if award is not None:
        body["credential_award"] = award
    if reviewer_name:
        body["reviewer_name"] = reviewer_name  # who she says she is, for trust on first contact
    if on_draft:
        body["on_coaching_draft"] = True  # so the teacher's list can say what it answers
    return body


def _comment_to_dict(comment: Comment) -> dict[str, Any]:
    out: dict[str, Any] = {
        "evidence": comment.evidence,
        "category": comment.category,
        "text": comment.text,
        "author": comment.author,
    }
    if comment.at_s is not None:
        out["at_s"] = comment.at_s
    else:
        out["text_range"] = list(comment.text_range or (0, 0))
    return out


def sign_review(
    review: Review,
    credential: Credential,
    key: Ed25519PrivateKey,
    award: dict[str, Any] | None = None,
    reviewer_name: str = "",
    on_draft: bool = False,
) -> bytes:
    """The file's bytes. Evaluators must have scored every criterion (ReviewIncomplete)."""
    if review.reviewer != fingerprint(key.public_key()):
        raise EvidenceKitError("The review must be signed by the reviewer's own key.")
    body = review_to_dict(review, credential, award, reviewer_name, on_draft)
    return sign_document("review", "review", body, key)


def read_review(
    data: bytes,
    source: str,
    credential_for: CredentialLookup,
    trusted: dict[str, str],  # fingerprint -> role the reader trusts it in
    expected_bundle: set[str] | None = None,
) -> SignedReview:
    """Check a return file completely; only a review that passes every check comes back."""
    opened = open_signed(
        data,
        schema=SCHEMA,
        max_bytes=MAX_BYTES,
        body_key="review",
        signer_field="reviewer",
        words=Refusals(
            lambda reason: ReviewRefused(source, reason),
            not_json="it is not a review file (not valid JSON).",
            wrong_signer="the reviewer it names is not the key that signed it.",
            changed="the signature does not match: the review was changed after it was signed.",
        ),
    )
    body, public, print_ = opened.body, opened.public, opened.fingerprint
    role = ReviewerRole(body["role"])
    if trusted.get(print_) != role.value:
        raise UnknownReviewer(source, public, role, body.get("reviewer_name", ""))
    if expected_bundle is not None and body["bundle_sha256"] not in expected_bundle:
        raise ReviewRefused(source, "it is a review of another bundle, not of one you sent.")
    credential: Credential = credential_for(body["credential"]["id"], body["credential"]["version"])
    review = _review_from_dict(body, source, credential)
    decision, units = _check_decision(review, body, source, credential)
    award = body.get("credential_award")
    if award is not None:
        _check_award(award, body, source, decision)
    return SignedReview(review, decision, units, award, data, hashlib.sha256(data).hexdigest())


def _check_award(
    award: dict[str, Any], body: dict[str, Any], source: str, decision: Decision | None
) -> None:
    """An award must be for this bundle, signed by this reviewer, for an "earned" decision."""
    if decision is not Decision.EARNED:
        raise ReviewRefused(source, "it carries a credential but its decision is not “earned”.")
    try:
        checked = check_credential(award, bundle_sha256=body["bundle_sha256"])
    except CredentialRefused as problem:
        raise ReviewRefused(source, f"its credential is not valid: {problem.reason}") from None
    if checked.signer != body["reviewer"]:
        raise ReviewRefused(source, "its credential is signed by someone other than the reviewer.")


def _review_from_dict(body: dict[str, Any], source: str, credential: Credential) -> Review:
    try:
        review = Review(
            bundle_sha256=body["bundle_sha256"],
            role=ReviewerRole(body["role"]),
            reviewer=body["reviewer"],
            credential_id=body["credential"]["id"],
            credential_version=body["credential"]["version"],
            units=tuple(UnitId(u) for u in body["units"]),
            markers=tuple(
                MarkerCategory(m["id"], m["label"], m["colour"]) for m in body["markers"]
            ),
            summary=body["summary"],
            created_at=body["created_at"],
        )
        for item in body["comments"]:
            span = item.get("text_range")
            review = review.with_comment(
                Comment(
                    item["evidence"],
                    item["category"],
                    item["text"],
                    at_s=item.get("at_s"),
                    text_range=(span[0], span[1]) if span else None,
                    author=item["author"],
                )
            )
        for item in body["scores"]:
            review = review.with_score(
                credential,
                Score(
                    UnitId(item["unit"]),
                    CriterionId(item["criterion"]),
                    LevelId(item["level"]),
                    item["feedback"],
                ),
            )
    except (EvidenceKitError, ValueError) as problem:
        raise ReviewRefused(
            source, f"its content does not fit the credential ({problem})."
        ) from None
    return review


def _check_decision(
    review: Review, body: dict[str, Any], source: str, credential: Credential
) -> tuple[Decision | None, dict[UnitId, Decision]]:
    if review.role is ReviewerRole.COACH:
        if "decision" in body or review.scores:
            raise ReviewRefused(source, "a coach's review cannot carry scores or a decision.")
        return None, {}
    if "decision" not in body:
        raise ReviewRefused(source, "an evaluator's review must carry a decision.")
    try:
        units = review.unit_decisions(credential)
    except ReviewIncomplete:
        raise ReviewRefused(source, "not every criterion was scored.") from None
    stated = body["decision"]
    if stated["overall"] != review.decision(credential).value or stated["units"] != {
        unit: decision.value for unit, decision in units.items()
    }:
        raise ReviewRefused(source, "its decision contradicts the rubric's passing rule.")
    return review.decision(credential), units


def read_review_file(
    path: Path,
    credential_for: CredentialLookup,
    trusted: dict[str, str],
    expected_bundle: set[str] | None = None,
) -> SignedReview:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise EvidenceKitError(f"{path}: cannot be read ({exc.strerror}).") from None
    return read_review(data, path.name, credential_for, trusted, expected_bundle)

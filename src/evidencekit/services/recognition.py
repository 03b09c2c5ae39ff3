"""The evaluator's side of recognition: issuing Open Badges credentials, offline.

A credential is issued when an evaluator exports a review whose decision is
"earned" (it travels inside the signed return file), and for a pathway when a
teacher sends a request holding every member credential.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from evidencekit.bundle.credentials import data_integrity
from evidencekit.bundle.credentials.credential_check import check_credential, credential_sha256
from evidencekit.bundle.signing.did_key import did_for
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.catalog import Catalog, Credential
from evidencekit.domain.credentials import (
    AchievementInfo,
    CredentialRefused,
    EvidenceRef,
    Issuer,
    Recipient,
    UntrustedIssuer,
    build_credential,
    credential_achievement,
    missing_for_pathway,
    pathway_achievement,
)
from evidencekit.domain.errors import EvidenceKitError, NotFound
from evidencekit.domain.review import Decision, Review, ReviewerRole
from evidencekit.services.holder import load_profile

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

REQUEST_TYPE = "EvidenceKitPathwayRequest"


class PathwayRequestRefused(EvidenceKitError):
    exit_code = 1

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"The pathway request was refused: {reason}")


def _issuer(key: Ed25519PrivateKey, organisation: str) -> Issuer:
    public = key.public_key()
    name = load_profile().name or f"EvidenceKit evaluator {fingerprint(public)[:9]}"
    return Issuer(did_for(public), name, organisation)


def _issue(
    key: Ed25519PrivateKey,
    organisation: str,
    achievement: AchievementInfo,
    subject: Ed25519PublicKey,
    recipient: Recipient | None,
    evidence: list[EvidenceRef],
    now: datetime,
    valid_until: datetime | None,
) -> dict[str, Any]:
    unsigned = build_credential(
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        issuer=_issuer(key, organisation),
        achievement=achievement,
        subject_did=did_for(subject),
        recipient=recipient,
        evidence=evidence,
        valid_from=now,
        valid_until=valid_until,
    )
    return data_integrity.sign(unsigned, key, now)


def issue_award(
    review: Review,
    credential: Credential,
    bundle_metadata: dict[str, Any],
    teacher: Ed25519PublicKey,
    key: Ed25519PrivateKey,
    now: datetime | None = None,
    valid_until: datetime | None = None,
) -> dict[str, Any] | None:
    """The credential for a review whose decision is "earned"; None for any other review.

    The subject is the teacher's own signing key (``teacher``, the key that sealed the
    reviewed bundle: a did:key she can prove she holds) with the salted email hash her
    bundle's metadata carries, if any.
    """
    if review.role is not ReviewerRole.EVALUATOR or review.missing_scores(credential):
        return None
    if review.decision(credential) is not Decision.EARNED:
        return None
    unit_id = bundle_metadata["credential"]["unit"]
    achievement = credential_achievement(credential, credential.unit(unit_id) if unit_id else None)
    carried = bundle_metadata.get("recipient")
    recipient = Recipient(carried["identity_hash"], carried["salt"]) if carried else None
    evidence = EvidenceRef(
        review.bundle_sha256,
        "Submission bundle",
        "The sealed evidence bundle this award was decided on; the teacher holds it privately.",
    )
    return _issue(
        key,
        credential.issuer,
        achievement,
        teacher,
        recipient,
        [evidence],
        now or datetime.now(UTC),
        valid_until,
    )


def issue_pathway(
    catalog: Catalog,
    request: bytes,
    key: Ed25519PrivateKey,
    trusted_evaluators: set[str],
    now: datetime | None = None,
) -> dict[str, Any]:
    """A pathway credential for a teacher whose signed request holds every member credential.

    Each member must verify, be issued by a trusted evaluator and name the same
    holder as the key that signed the request.
    """
    now = now or datetime.now(UTC)
    try:
        document = json.loads(request.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise PathwayRequestRefused("it is not a pathway request (not valid JSON).") from None
    if not isinstance(document, dict) or document.get("type") != REQUEST_TYPE:
        raise PathwayRequestRefused("it is not a pathway request.")
    try:
        holder = data_integrity.verify(document, purpose="authentication")
    except CredentialRefused as problem:
        raise PathwayRequestRefused(problem.reason) from None
    pathway = catalog.pathway(str(document.get("pathway", "")))
    if pathway is None:
        raise NotFound("pathway", str(document.get("pathway")))
    members = document.get("credentials")
    if not isinstance(members, list):
        raise PathwayRequestRefused("it lists no credentials.")
    for member in members:
        if not isinstance(member, dict):
            raise PathwayRequestRefused("one of its credentials is not a credential.")
        checked = check_credential(member, now=now)
        if checked.signer not in trusted_evaluators:
            raise UntrustedIssuer(checked.signer)
        if member["credentialSubject"].get("id") != did_for(holder):
            raise PathwayRequestRefused(
                f"“{checked.title}” was awarded to someone other than the request's signer."
            )
    missing = missing_for_pathway(pathway, members)
    if missing:
        raise PathwayRequestRefused(f"it lacks the credential(s): {', '.join(missing)}.")
    member_credentials = [c for cid in pathway.credential_ids if (c := catalog.get(cid))]
    carried = document.get("identifier")
    recipient = None
    if isinstance(carried, dict):
        if not all(isinstance(carried.get(k), str) for k in ("identityHash", "salt")):
            raise PathwayRequestRefused("its identifier is not a hashed email with its salt.")
        recipient = Recipient(carried["identityHash"], carried["salt"])
    evidence = [
        EvidenceRef(
            credential_sha256(member),
            member["credentialSubject"]["achievement"]["name"],
            "An Open Badges credential of this pathway, held by the teacher.",
        )
        for member in members
    ]
    organisation = member_credentials[0].issuer if member_credentials else pathway.title
    return _issue(
        key,
        organisation,
        pathway_achievement(pathway, member_credentials),
        holder,
        recipient,
        evidence,
        now,
        None,
    )

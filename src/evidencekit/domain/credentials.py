"""Open Badges 3.0 credentials: what an award says, and why one is refused.

Pure data and pure functions. Signing, canonical JSON and file formats live in
``evidencekit.bundle``; this module builds the unsigned ``OpenBadgeCredential``
(a W3C Verifiable Credential 2.0) from what the catalog and the review say.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from evidencekit.domain.catalog import (
    AllCriteriaAtLeast,
    Credential,
    Pathway,
    PointsAtLeast,
    Unit,
)
from evidencekit.domain.errors import EvidenceKitError

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
URN = "urn:evidencekit"
CLOCK_SKEW = timedelta(minutes=10)


# -- refusals: typed, with the fields a front end may want; the message is the words --


class CredentialRefused(EvidenceKitError):
    """A credential that must not be trusted; ``reason`` is one sentence."""

    exit_code = 1

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"The credential was refused: {reason}")


class NotACredential(CredentialRefused):
    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(f"{what} holds no Open Badges credential.")


class CredentialMalformed(CredentialRefused):
    def __init__(self, location: str, detail: str) -> None:
        self.location, self.detail = location, detail
        super().__init__(f"it does not have the Open Badges 3.0 structure at {location}: {detail}.")


class Unsigned(CredentialRefused):
    def __init__(self) -> None:
        super().__init__("it carries no eddsa-jcs-2022 proof, so nobody vouches for it.")


class ProofInvalid(CredentialRefused):
    def __init__(self) -> None:
        super().__init__(
            "the proof does not match: the credential was changed after it was signed."
        )


class SignerIsNotIssuer(CredentialRefused):
    def __init__(self, issuer: str) -> None:
        self.issuer = issuer
        super().__init__(f"it names {issuer} as issuer but was signed with another key.")


class NotYetValid(CredentialRefused):
    def __init__(self, valid_from: str) -> None:
        self.valid_from = valid_from
        super().__init__(f"it is not valid before {valid_from}.")


class Expired(CredentialRefused):
    def __init__(self, valid_until: str) -> None:
        self.valid_until = valid_until
        super().__init__(f"it expired on {valid_until}.")


class EvidenceMismatch(CredentialRefused):
    def __init__(self) -> None:
        super().__init__("its evidence names another bundle, not the one given.")


class NotTheHolder(CredentialRefused):
    def __init__(self, whose: str, holder: str) -> None:
        self.whose, self.holder = whose, holder
        super().__init__(f"it was awarded to {whose}, not to you ({holder}).")


class UntrustedIssuer(CredentialRefused):
    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        super().__init__(
            f"it is signed by a key you have not trusted as evaluator ({fingerprint})."
        )


# -- the pieces of a credential -------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """The teacher as the evaluator may know her: a salted hash of her email.

    ``salt`` travels in the credential so that anyone she tells her email to can
    recompute the hash; nobody can read the email back out of it.
    """

    identity_hash: str  # "sha256$" + hex
    salt: str


EMAIL_RULE = (
    "The email is hashed exactly as the holder gave it (only spaces around it are dropped; "
    "letter case is kept), followed by the salt, with SHA-256: OB 3.0's identityHash."
)


def hash_email(email: str, salt: str) -> str:
    """OB 3.0 identityHash of an email: SHA-256 over the address as given, then the salt."""
    digest = hashlib.sha256((email.strip() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def _salted_hash(algorithm: str, text: str) -> str:
    return hashlib.new(algorithm, text.encode("utf-8")).hexdigest()


def email_match(identifier: dict[str, Any], email: str) -> str | None:
    """How ``email`` matches a hashed (or plain) email IdentityObject, or None if it does not.

    "as given" is the rule; "lower-cased" matches credentials EvidenceKit issued
    before the rule was settled, when addresses were lower-cased before hashing.
    """
    if identifier.get("identityType", "emailAddress") != "emailAddress":
        return None
    recorded = str(identifier.get("identityHash", ""))
    if not identifier.get("hashed", True):
        return "as given" if recorded == email.strip() else None
    algorithm, _dollar, digest = recorded.partition("$")
    if algorithm not in ("sha256", "md5"):
        return None
    salt = str(identifier.get("salt", ""))
    for how, candidate in (("as given", email.strip()), ("lower-cased", email.strip().lower())):
        if _salted_hash(algorithm, candidate + salt) == digest.lower():  # either hex case
            return how
    return None


def email_matches(identifier: dict[str, Any], email: str) -> bool:
    return email_match(identifier, email) is not None


def subject_emails_match(document: dict[str, Any], email: str) -> str | None:
    """How ``email`` matches one of the subject's identifiers, or None."""
    for identifier in document.get("credentialSubject", {}).get("identifier", []):
        if isinstance(identifier, dict) and (how := email_match(identifier, email)):
            return how
    return None


def issuer_id(document: dict[str, Any]) -> str:
    """The issuer: OB 3.0 allows a Profile or just its URI (a ProfileRef)."""
    issuer = document.get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")


def issuer_name(document: dict[str, Any]) -> str:
    """The issuer's name, or its id when only that is given."""
    issuer = document.get("issuer")
    if isinstance(issuer, dict) and issuer.get("name"):
        return str(issuer["name"])
    return issuer_id(document)


def organisation_name(document: dict[str, Any]) -> str:
    """On whose behalf the issuer awards: its parent organisation, else the issuer itself."""
    issuer = document.get("issuer")
    parent = issuer.get("parentOrg") if isinstance(issuer, dict) else None
    if isinstance(parent, dict) and parent.get("name"):
        return str(parent["name"])
    return issuer_name(document)


def named_information(sha256_hex: str) -> str:
    """RFC 6920 ``ni`` URI for a SHA-256: how the credential names a file it does not hold."""
    raw = bytes.fromhex(sha256_hex)
    return "ni:///sha-256;" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class Issuer:
    did: str  # did:key of the evaluator's Ed25519 key
    name: str  # the evaluator
    organisation: str  # the catalog's issuer, on whose behalf the evaluator awards


@dataclass(frozen=True)
class AchievementInfo:
    id: str
    name: str
    description: str
    criteria: str
    competency: str  # what the holder can do, in words
    competency_name: str
    competency_url: str
    kind: str  # OB achievementType


def credential_achievement(credential: Credential, unit: Unit | None = None) -> AchievementInfo:
    """The whole credential, or one of its units when a single unit was earned."""
    base = f"{URN}:achievement:{credential.id}:{credential.version}"
    competency_url = f"{URN}:competency:{credential.id}"
    if unit is None:
        narrative = credential.criteria or " ".join(_unit_criteria(u) for u in credential.units)
        return AchievementInfo(
            base,
            credential.title,
            credential.competency,
            narrative,
            credential.competency,
            credential.title,
            competency_url,
            "MicroCredential",
        )
    return AchievementInfo(
        f"{base}:{unit.id}",
        f"{credential.title}: {unit.title}",
        unit.description or credential.competency,
        _unit_criteria(unit),
        credential.competency,
        credential.title,
        competency_url,
        "MicroCredential",
    )


def pathway_achievement(pathway: Pathway, members: list[Credential]) -> AchievementInfo:
    titles = ", ".join(c.title for c in members)
    return AchievementInfo(
        f"{URN}:pathway:{pathway.id}",
        pathway.title,
        pathway.description,
        f"Awarded to holders of every credential of the pathway: {titles}.",
        pathway.description,
        pathway.title,
        f"{URN}:pathway:{pathway.id}",
        "Certificate",
    )


def _unit_criteria(unit: Unit) -> str:
    evidence = "; ".join(slot.title for slot in unit.slots)
    criteria = "; ".join(c.title for c in unit.rubric.criteria)
    match unit.rubric.passing:
        case AllCriteriaAtLeast(level=needed):
            rule = f"every criterion reaches “{unit.rubric.level(needed).label}” or higher"
        case PointsAtLeast(points=needed):
            rule = f"the criteria add up to at least {needed} points"
    return (
        f"{unit.title}: evidence ({evidence}) scored by an evaluator against the rubric "
        f"({criteria}); earned when {rule}."
    )


@dataclass(frozen=True)
class EvidenceRef:
    sha256: str
    name: str
    description: str


def build_credential(
    *,
    credential_id: str,
    issuer: Issuer,
    achievement: AchievementInfo,
    subject_did: str,
    recipient: Recipient | None,
    evidence: list[EvidenceRef],
    valid_from: datetime,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential; ``bundle.credentials.data_integrity`` adds the proof."""
    subject: dict[str, Any] = {
        "id": subject_did,
        "type": ["AchievementSubject"],
        "achievement": {
            "id": achievement.id,
            "type": ["Achievement"],
            "achievementType": achievement.kind,
            "name": achievement.name,
            "description": achievement.description,
            "criteria": {"narrative": achievement.criteria},
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetName": achievement.competency_name,
                    "targetDescription": achievement.competency,
                    "targetUrl": achievement.competency_url,
                    "targetType": "ceasn:Competency",
                }
            ],
        },
    }
    if recipient is not None:
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": recipient.identity_hash,
                "identityType": "emailAddress",
                "hashed": True,
                "salt": recipient.salt,
            }
        ]
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id,
        "type": list(CREDENTIAL_TYPES),
        "name": achievement.name,
        "issuer": {
            "id": issuer.did,
            "type": ["Profile"],
            "name": issuer.name,
            "parentOrg": {
                "id": f"{URN}:organisation:{_slug(issuer.organisation)}",
                "type": ["Profile"],
                "name": issuer.organisation,
            },
        },
        "validFrom": _stamp(valid_from),
        "credentialSubject": subject,
        "evidence": [
            {
                "id": named_information(item.sha256),
                "type": ["Evidence"],
                "name": item.name,
                "description": item.description,
            }
            for item in evidence
        ],
    }
    if valid_until is not None:
        document["validUntil"] = _stamp(valid_until)
    return document


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("credential dates must carry a time zone")
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-") or "issuer"


def parse_stamp(text: str) -> datetime:
    """An XSD dateTime as the credential writes it; naive values are refused."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CredentialMalformed(
            "validFrom/validUntil", f"{text!r} is not a date and time"
        ) from None
    if moment.tzinfo is None:
        raise CredentialMalformed("validFrom/validUntil", f"{text!r} has no time zone")
    return moment


def check_dates(document: dict[str, Any], now: datetime) -> None:
    valid_from = document.get("validFrom")
    # Offline computers' clocks drift: an award made minutes "ahead" is not refused.
    if valid_from is not None and parse_stamp(valid_from) > now + CLOCK_SKEW:
        raise NotYetValid(valid_from)
    valid_until = document.get("validUntil")
    if valid_until is not None and parse_stamp(valid_until) < now:
        raise Expired(valid_until)


def evidence_names(document: dict[str, Any], sha256_hex: str) -> bool:
    """Whether the credential's evidence is the file with this SHA-256."""
    wanted = named_information(sha256_hex)
    return any(item.get("id") == wanted for item in document.get("evidence", []))


# -- pathways --------------------------------------------------------------------------


@dataclass(frozen=True)
class AchievementRef:
    """What an achievement id built by this module names in the catalog."""

    credential_id: str | None = None
    version: str | None = None
    unit_id: str | None = None
    pathway_id: str | None = None


def achievement_ref(achievement_id: str) -> AchievementRef:
    """The catalog entry an achievement id names; empty for ids made elsewhere."""
    pathway = f"{URN}:pathway:"
    if achievement_id.startswith(pathway):
        return AchievementRef(pathway_id=achievement_id.removeprefix(pathway))
    prefix = f"{URN}:achievement:"
    parts = achievement_id.removeprefix(prefix).split(":")
    if not achievement_id.startswith(prefix) or len(parts) not in (2, 3):
        return AchievementRef()
    return AchievementRef(parts[0], parts[1], parts[2] if len(parts) == 3 else None)


def missing_for_pathway(pathway: Pathway, held: list[dict[str, Any]]) -> list[str]:
    """The pathway's credential ids that no whole-credential award in ``held`` covers."""
    have = set()
    for document in held:
        ref = achievement_ref(document["credentialSubject"]["achievement"]["id"])
        if ref.unit_id is None:
            have.add(ref.credential_id)
    return [cid for cid in pathway.credential_ids if cid not in have]


def short_code(digest_hex: str) -> str:
    """The first 64 bits of a hash in four groups: easy to read out and compare."""
    head = digest_hex[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))

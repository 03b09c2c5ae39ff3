"""W3C Data Integrity proofs with the ``eddsa-jcs-2022`` cryptosuite (vc-di-eddsa §3.3).

Why this suite: the credential stays ordinary, readable JSON (JCS needs no JSON-LD
processing, so no context documents are fetched: it works offline), and Open
Badges 3.0 wallets and verifiers accept Data Integrity proofs next to JWTs.

Create Proof: the proof is the options plus the document's ``@context``; hash the
JCS form of that proof (without ``proofValue``) and the JCS form of the document
without its proof, join the two SHA-256 digests (proof first), sign with Ed25519
and write the signature as multibase base58btc in ``proofValue``.
Verify Proof: the same over the proof *as written* minus ``proofValue``; a proof
``@context`` must open the document's, and then stands in for it.

Credentials EvidenceKit issued before it followed the text hashed the document's
``@context`` into the options yet wrote the proof without it; they are still read
(``legacy``), but only when the standard check fails and the proof has no context.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from evidencekit.bundle.credentials.jcs import NotCanonicalisable, canonicalize
from evidencekit.bundle.signing.did_key import BadDidKey, from_multibase, key_for, multibase
from evidencekit.bundle.signing.did_key import verification_method as method_for
from evidencekit.domain.credentials import CredentialMalformed, ProofInvalid, Unsigned, parse_stamp

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"


@dataclass(frozen=True)
class VerifiedProof:
    key: Ed25519PublicKey
    legacy: bool  # signed the way EvidenceKit did before following vc-di-eddsa exactly


def hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    """§3.3.4: SHA-256 of the canonical proof configuration, then of the canonical document."""
    return (
        hashlib.sha256(canonicalize(proof_config)).digest()
        + hashlib.sha256(canonicalize(document)).digest()
    )


def create_proof(
    unsecured: dict[str, Any], key: Ed25519PrivateKey, options: dict[str, Any]
) -> dict[str, Any]:
    """§3.3.1: the proof for ``unsecured`` under ``options``, ``proofValue`` included."""
    proof = copy.deepcopy(options)
    if "@context" in unsecured:
        proof["@context"] = copy.deepcopy(unsecured["@context"])
    _check_config(proof)
    proof["proofValue"] = multibase(key.sign(hash_data(unsecured, proof)))
    return proof


def sign(
    document: dict[str, Any],
    key: Ed25519PrivateKey,
    created: datetime,
    purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A copy of ``document`` with a proof by ``key`` (its did:key is the verification method)."""
    unsecured = {k: copy.deepcopy(v) for k, v in document.items() if k != "proof"}
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "verificationMethod": method_for(key.public_key()),
        "proofPurpose": purpose,
    }
    return {**unsecured, "proof": create_proof(unsecured, key, options)}


def _check_config(config: dict[str, Any]) -> None:
    """§3.3.5's checks on a proof configuration."""
    if config.get("type") != PROOF_TYPE or config.get("cryptosuite") != CRYPTOSUITE:
        raise CredentialMalformed("proof", f"not a {PROOF_TYPE} of {CRYPTOSUITE}")
    created = config.get("created")
    if created is not None and (not isinstance(created, str) or not _is_datetime(created)):
        raise CredentialMalformed("proof/created", f"{created!r} is not a date and time")


def _is_datetime(text: str) -> bool:
    try:
        parse_stamp(text)
    except CredentialMalformed:
        return False
    return True


def the_proof(document: dict[str, Any]) -> dict[str, Any]:
    """The document's one eddsa-jcs-2022 proof (a proof set of one counts as one)."""
    proof = document.get("proof")
    if isinstance(proof, list):
        ours = [p for p in proof if isinstance(p, dict) and p.get("cryptosuite") == CRYPTOSUITE]
        if len(ours) > 1:
            raise CredentialMalformed("proof", f"it holds {len(ours)} {CRYPTOSUITE} proofs")
        proof = ours[0] if ours else None
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        raise Unsigned()
    return proof


def verify_proof(document: dict[str, Any], purpose: str = "assertionMethod") -> VerifiedProof:
    """§3.3.2, then the pre-standard form; raises Unsigned, ProofInvalid or CredentialMalformed."""
    proof = the_proof(document)
    if proof.get("type") != PROOF_TYPE or proof.get("proofPurpose") != purpose:
        raise CredentialMalformed("proof", f"not a {PROOF_TYPE} for {purpose}")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    _check_config(options)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    try:
        key = key_for(str(proof.get("verificationMethod", "")))
        signature = from_multibase(str(proof.get("proofValue", "")))
    except BadDidKey:
        raise ProofInvalid() from None
    if "@context" in options:
        context = options["@context"]
        if not _opens(unsecured.get("@context"), context):
            raise ProofInvalid()
        unsecured["@context"] = context
    if _signed(key, signature, unsecured, options):
        return VerifiedProof(key, legacy=False)
    if "@context" not in options and "@context" in unsecured:
        legacy_config = {**options, "@context": unsecured["@context"]}
        if _signed(key, signature, unsecured, legacy_config):
            return VerifiedProof(key, legacy=True)
    raise ProofInvalid()


def verify(document: dict[str, Any], purpose: str = "assertionMethod") -> Ed25519PublicKey:
    """The key that signed ``document`` (see ``verify_proof``)."""
    return verify_proof(document, purpose).key


def _opens(document_context: Any, proof_context: Any) -> bool:
    """Whether the document's @context starts with the proof's, in the same order."""
    whole = document_context if isinstance(document_context, list) else [document_context]
    head = proof_context if isinstance(proof_context, list) else [proof_context]
    return document_context is not None and whole[: len(head)] == head


def _signed(
    key: Ed25519PublicKey, signature: bytes, unsecured: dict[str, Any], config: dict[str, Any]
) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        key.verify(signature, hash_data(unsecured, config))
    except InvalidSignature:
        return False
    except NotCanonicalisable as problem:
        raise CredentialMalformed("(top level)", str(problem)) from None
    return True

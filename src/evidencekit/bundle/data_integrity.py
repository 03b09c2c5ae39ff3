"""W3C Data Integrity proofs with the ``eddsa-jcs-2022`` cryptosuite.

Why this suite: the credential stays ordinary, readable JSON (JCS needs no JSON-LD
processing, so no context documents are fetched: it works offline), and Open
Badges 3.0 wallets and verifiers accept Data Integrity proofs next to JWTs.

Signing, as the suite specifies: hash the JCS form of the proof's options (with the
document's ``@context``) and the JCS form of the document without its proof,
concatenate the two SHA-256 digests (options first), sign that with Ed25519, and
write the signature as multibase base58btc in ``proofValue``.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from evidencekit.bundle.did_key import BadDidKey, from_multibase, key_for, multibase
from evidencekit.bundle.did_key import verification_method as method_for
from evidencekit.bundle.jcs import NotCanonicalisable, canonicalize
from evidencekit.domain.credentials import CredentialMalformed, ProofInvalid, Unsigned

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    config = dict(options)
    if "@context" in document:
        config["@context"] = document["@context"]
    return (
        hashlib.sha256(canonicalize(config)).digest()
        + hashlib.sha256(canonicalize(document)).digest()
    )


def sign(
    document: dict[str, Any],
    key: Ed25519PrivateKey,
    created: datetime,
    purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A copy of ``document`` with a proof by ``key`` (its did:key is the verification method)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "verificationMethod": method_for(key.public_key()),
        "proofPurpose": purpose,
    }
    signature = key.sign(_hash_data(unsecured, options))
    return {**copy.deepcopy(unsecured), "proof": {**options, "proofValue": multibase(signature)}}


def verify(document: dict[str, Any], purpose: str = "assertionMethod") -> Ed25519PublicKey:
    """The key that signed ``document``; raises Unsigned, ProofInvalid or CredentialMalformed."""
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        raise Unsigned()
    if proof.get("type") != PROOF_TYPE or proof.get("proofPurpose") != purpose:
        raise CredentialMalformed("proof", f"not a {PROOF_TYPE} for {purpose}")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    context = options.pop("@context", None)
    if context is not None:
        # The suite allows the proof to repeat the context; it must then agree with the document.
        document_context = unsecured.get("@context")
        if not isinstance(context, list) or not isinstance(document_context, list):
            raise ProofInvalid()
        if document_context[: len(context)] != context:
            raise ProofInvalid()
        unsecured["@context"] = context
    try:
        key = key_for(str(proof.get("verificationMethod", "")))
        signature = from_multibase(str(proof.get("proofValue", "")))
        key.verify(signature, _hash_data(unsecured, options))
    except (BadDidKey, NotCanonicalisable, InvalidSignature):
        raise ProofInvalid() from None
    return key

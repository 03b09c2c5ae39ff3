"""Our eddsa-jcs-2022 against the W3C vc-di-eddsa test vectors (fixtures/vc-di-eddsa).

Every intermediate value the specification publishes is compared: the canonical
document and proof configuration, both hashes, the signature, and the signed document.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.credentials import data_integrity
from evidencekit.bundle.credentials.jcs import canonicalize
from evidencekit.bundle.signing.did_key import did_for, from_multibase
from evidencekit.domain.credentials import ProofInvalid

VECTORS = Path(__file__).parent / "fixtures" / "vc-di-eddsa"
ED25519_PRIVATE = b"\x80\x26"  # multicodec varint of an Ed25519 private key


def text(name: str) -> str:
    return (VECTORS / name).read_text("utf-8").strip()


def load(name: str) -> dict:
    return json.loads((VECTORS / name).read_text("utf-8"))


def vector_key() -> Ed25519PrivateKey:
    raw = from_multibase(load("keyPair.json")["privateKeyMultibase"])
    assert raw[:2] == ED25519_PRIVATE and len(raw) == 34
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def proof_options() -> dict:
    return {k: v for k, v in load("proofConfigJCS.json").items() if k != "@context"}


def test_the_key_pair_is_the_did_key_of_the_vectors() -> None:
    key = vector_key()
    assert did_for(key.public_key()) == "did:key:" + load("keyPair.json")["publicKeyMultibase"]


def test_every_intermediate_value_matches() -> None:
    unsigned = load("unsigned.json")
    proof = data_integrity.create_proof(unsigned, vector_key(), proof_options())
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    assert config == load("proofConfigJCS.json")
    assert canonicalize(unsigned).decode() == text("canonDocJCS.txt")
    assert canonicalize(config).decode() == text("proofCanonJCS.txt")
    assert hashlib.sha256(canonicalize(unsigned)).hexdigest() == text("docHashJCS.txt")
    assert hashlib.sha256(canonicalize(config)).hexdigest() == text("proofHashJCS.txt")
    assert data_integrity.hash_data(unsigned, config).hex() == text("combinedHashJCS.txt")
    assert from_multibase(proof["proofValue"]).hex() == text("sigHexJCS.txt")
    assert proof["proofValue"] == text("sigBTC58JCS.txt")


def test_signing_gives_the_signed_vector() -> None:
    created = datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)
    signed = data_integrity.sign(load("unsigned.json"), vector_key(), created)
    assert signed == load("signedJCS.json")


def test_the_signed_vector_verifies_and_not_once_changed() -> None:
    signed = load("signedJCS.json")
    verified = data_integrity.verify_proof(signed)
    assert did_for(verified.key) == "did:key:" + load("keyPair.json")["publicKeyMultibase"]
    assert not verified.legacy
    changed = {**signed, "name": "Alumni CredentiaI"}
    with pytest.raises(ProofInvalid):
        data_integrity.verify_proof(changed)
    # Without its @context the proof is not the one signed; it passes only the
    # pre-standard way (options hashed with the document's context), and says so.
    stripped = {**signed, "proof": {k: v for k, v in signed["proof"].items() if k != "@context"}}
    assert data_integrity.verify_proof(stripped).legacy

"""JCS (RFC 8785), did:key and the eddsa-jcs-2022 proof."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.credentials import data_integrity
from evidencekit.bundle.credentials.jcs import NotCanonicalisable, canonicalize
from evidencekit.bundle.signing.did_key import (
    BadDidKey,
    base58btc_decode,
    base58btc_encode,
    did_for,
    key_for,
    multibase,
    verification_method,
)
from evidencekit.bundle.signing.seal import raw_public
from evidencekit.domain.credentials import CredentialMalformed, ProofInvalid, Unsigned

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(5, 37)))
WHEN = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0.0, "0"),
        (-0.0, "0"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (123.456, "123.456"),
        (333333333.3333333, "333333333.3333333"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (-4.5, "-4.5"),
        (9007199254740992, "9007199254740992"),
    ],
)
def test_numbers_in_ecmascript_form(number: float, text: str) -> None:
    assert canonicalize(number) == text.encode()


def test_members_sorted_by_utf16_and_strings_minimally_escaped() -> None:
    # RFC 8785 section 3.2.3's sorting example, plus escapes.
    value = {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001f600": 5, "\u0080": 6, "ö": 7}
    expected = '{"\\r":2,"1":4,"\u0080":6,"ö":7,"\u20ac":1,"\U0001f600":5,"\ufb33":3}'
    assert canonicalize(value) == expected.encode()
    assert canonicalize(['a"\\\n\x01\x7f/']) == b'["a\\"\\\\\\n\\u0001\x7f/"]'
    assert canonicalize({"b": [True, None, False], "a": {}}) == b'{"a":{},"b":[true,null,false]}'


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 2**60, "\ud800", {1: "x"}, b"x"])
def test_values_json_cannot_carry_are_refused(bad: object) -> None:
    with pytest.raises(NotCanonicalisable):
        canonicalize(bad)


def test_base58_round_trip_keeps_leading_zeros() -> None:
    for data in (b"", b"\0\0\x01", bytes(range(40)), b"\xff" * 9):
        assert base58btc_decode(base58btc_encode(data)) == data
    assert base58btc_encode(b"hello world") == "StV1DL6CwTryKyV"


def test_did_key_is_the_public_key() -> None:
    did = did_for(KEY.public_key())
    assert did.startswith("did:key:z6Mk")  # every Ed25519 did:key starts so
    assert raw_public(key_for(did)) == raw_public(KEY.public_key())
    assert raw_public(key_for(f"{did}#{did[8:]}")) == raw_public(KEY.public_key())
    with pytest.raises(BadDidKey):
        key_for("did:web:example.org")
    with pytest.raises(BadDidKey):
        key_for(f"{did}#another")


def _document() -> dict:
    return {"@context": ["https://www.w3.org/ns/credentials/v2"], "name": "Zoë", "n": [1, 2.5]}


def test_proof_survives_any_json_layout() -> None:
    signed = data_integrity.sign(_document(), KEY, WHEN)
    assert signed["proof"]["proofValue"].startswith("z")
    relaid = json.loads(json.dumps(signed, indent=3, sort_keys=False, ensure_ascii=True))
    assert raw_public(data_integrity.verify(relaid)) == raw_public(KEY.public_key())


def test_proof_refuses_changes_and_absence() -> None:
    signed = data_integrity.sign(_document(), KEY, WHEN)
    changed = {**signed, "name": "Zoe"}
    with pytest.raises(ProofInvalid):
        data_integrity.verify(changed)
    other_key = Ed25519PrivateKey.generate()
    borrowed = {**signed, "proof": data_integrity.sign(_document(), other_key, WHEN)["proof"]}
    borrowed["proof"]["verificationMethod"] = signed["proof"]["verificationMethod"]
    with pytest.raises(ProofInvalid):
        data_integrity.verify(borrowed)
    with pytest.raises(Unsigned):
        data_integrity.verify(_document())
    wrong_purpose = {**signed, "proof": {**signed["proof"], "proofPurpose": "authentication"}}
    with pytest.raises(CredentialMalformed):
        data_integrity.verify(wrong_purpose)


def _options() -> dict:
    return {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2026-05-01T12:00:00Z",
        "verificationMethod": verification_method(KEY.public_key()),
        "proofPurpose": "assertionMethod",
    }


def test_the_written_proof_carries_the_document_context() -> None:
    signed = data_integrity.sign(_document(), KEY, WHEN)
    assert signed["proof"]["@context"] == _document()["@context"]
    assert not data_integrity.verify_proof(signed).legacy


def test_a_proof_without_context_is_standard_when_signed_so() -> None:
    # vc-di-eddsa lets an issuer skip copying the @context; the options are then hashed as written.
    options = _options()
    signature = KEY.sign(data_integrity.hash_data(_document(), options))
    signed = {**_document(), "proof": {**options, "proofValue": multibase(signature)}}
    assert not data_integrity.verify_proof(signed).legacy


def test_credentials_signed_before_the_fix_still_verify_and_say_so() -> None:
    # Before: the options were hashed with the document's @context, the proof written without.
    options = _options()
    config = {**options, "@context": _document()["@context"]}
    signature = KEY.sign(data_integrity.hash_data(_document(), config))
    old = {**_document(), "proof": {**options, "proofValue": multibase(signature)}}
    assert data_integrity.verify_proof(old).legacy
    with pytest.raises(ProofInvalid):
        data_integrity.verify_proof({**old, "name": "Zoe"})


def test_a_proof_context_must_open_the_document_context() -> None:
    signed = data_integrity.sign(_document(), KEY, WHEN)
    other = {**signed, "@context": ["https://example.org/other", *_document()["@context"]]}
    with pytest.raises(ProofInvalid):
        data_integrity.verify_proof(other)
    extended = {**_document(), "@context": [*_document()["@context"], "https://example.org/x"]}
    resigned = data_integrity.sign(extended, KEY, WHEN)
    assert not data_integrity.verify_proof(resigned).legacy


def test_a_proof_set_holding_our_proof_is_read() -> None:
    signed = data_integrity.sign(_document(), KEY, WHEN)
    other = {"type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019", "proofValue": "z1"}
    as_set = {**signed, "proof": [other, signed["proof"]]}
    assert raw_public(data_integrity.verify(as_set)) == raw_public(KEY.public_key())

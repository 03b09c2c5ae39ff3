"""One changed character anywhere in an issued credential, in any form, is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.credentials import data_integrity
from evidencekit.bundle.credentials.badge_art import artwork
from evidencekit.bundle.credentials.baking import bake_png, bake_svg, extract_any
from evidencekit.bundle.credentials.credential_check import check_credential, parse_credential
from evidencekit.bundle.signing.did_key import did_for, multibase, verification_method
from evidencekit.catalog.loader import load_catalog_file
from evidencekit.domain.credentials import (
    CredentialRefused,
    EvidenceRef,
    Issuer,
    Recipient,
    build_credential,
    credential_achievement,
    hash_email,
)

CATALOG = Path(__file__).parents[2] / "resources" / "catalog" / "checking-for-understanding.json"
EVALUATOR = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))
TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
WHEN = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
LATER = datetime(2026, 6, 1, tzinfo=UTC)
FRACTIONS = [i / 23 for i in range(1, 23)]  # 22 places spread over the whole text


def issued() -> dict:
    credential = load_catalog_file(CATALOG).credentials[0]
    unsigned = build_credential(
        credential_id="urn:uuid:5b2c8a0e-8a44-4f1e-9d0c-2f9f3c1b7a10",
        issuer=Issuer(did_for(EVALUATOR.public_key()), "Eva Lindqvist", credential.issuer),
        achievement=credential_achievement(credential, credential.units[1]),
        subject_did=did_for(TEACHER.public_key()),
        recipient=Recipient(hash_email("ana@school.example", "5a17"), "5a17"),
        evidence=[EvidenceRef("ab" * 32, "Submission bundle", "Held by the teacher.")],
        valid_from=WHEN,
    )
    return data_integrity.sign(unsigned, EVALUATOR, WHEN)


def signed_the_old_way(unsigned: dict, key: Ed25519PrivateKey = EVALUATOR) -> dict:
    """As EvidenceKit signed before following vc-di-eddsa: the options were hashed with the
    document's @context, but the proof was written without it."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2026-05-01T09:30:00Z",
        "verificationMethod": verification_method(key.public_key()),
        "proofPurpose": "assertionMethod",
    }
    hashed = data_integrity.hash_data(unsigned, {**options, "@context": unsigned["@context"]})
    return {**unsigned, "proof": {**options, "proofValue": multibase(key.sign(hashed))}}


def unsigned(**changes: object) -> dict:
    """The test credential without its proof, with ``changes`` made to its top level."""
    document = {k: v for k, v in issued().items() if k != "proof"}
    document.update(changes)
    return document


def one_character_changed(text: str, fraction: float) -> str:
    """The first letter or digit at or after ``fraction`` of the text, made another one."""
    at = int(len(text) * fraction)
    while not text[at].isalnum():
        at += 1
    new = "x" if text[at] != "x" else "y"
    return text[:at] + new + text[at + 1 :]


def test_the_untouched_credential_passes_in_every_form() -> None:
    document = issued()
    text = json.dumps(document, indent=2, ensure_ascii=False)
    art = artwork("Checking for Understanding", "checking-for-understanding")
    for data in (text.encode(), bake_png(art.png, text), bake_svg(art.svg, text)):
        back = parse_credential(extract_any(data, "badge").encode(), "badge")
        assert check_credential(back, now=LATER).document == document


@pytest.mark.parametrize("form", ["json", "png", "svg"])
@pytest.mark.parametrize("fraction", FRACTIONS)
def test_one_changed_character_is_refused(form: str, fraction: float) -> None:
    text = one_character_changed(json.dumps(issued(), indent=2, ensure_ascii=False), fraction)
    art = artwork("Checking for Understanding", "checking-for-understanding")
    data = {
        "json": text.encode(),
        "png": bake_png(art.png, text),
        "svg": bake_svg(art.svg, text),
    }[form]
    with pytest.raises(CredentialRefused):
        document = parse_credential(extract_any(data, "badge").encode(), "badge")
        check_credential(document, now=LATER)

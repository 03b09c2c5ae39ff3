"""Contact files and public key lines: what `keys trust` accepts and what it refuses."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.signing.contact import ContactRefused, read_key_or_contact, write_contact
from evidencekit.bundle.signing.identity import export_public
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.errors import EvidenceKitError

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(5, 37)))


def test_a_contact_file_round_trips() -> None:
    contact = read_key_or_contact(write_contact(KEY, "  Eva Ortiz ", "evaluator"))
    assert (contact.name, contact.role) == ("Eva Ortiz", "evaluator")
    assert contact.fingerprint == fingerprint(KEY.public_key())


@pytest.mark.parametrize(
    ("field", "value"), [("name", "Mallory"), ("role", "teacher"), ("public_key", "AAAA")]
)
def test_a_changed_claim_breaks_the_signature(field: str, value: object) -> None:
    document = json.loads(write_contact(KEY, "Eva Ortiz", "evaluator"))
    document[field] = value
    with pytest.raises(ContactRefused):
        read_key_or_contact(json.dumps(document).encode())


def test_another_keys_signature_is_refused() -> None:
    other = Ed25519PrivateKey.from_private_bytes(bytes(range(9, 41)))
    document = json.loads(write_contact(KEY, "Eva Ortiz", "evaluator"))
    document["signature"] = json.loads(write_contact(other, "Eva Ortiz", "evaluator"))["signature"]
    with pytest.raises(ContactRefused, match="signature"):
        read_key_or_contact(json.dumps(document).encode())


@pytest.mark.parametrize(
    "data", [b"{}", b"{not json", b'{"type": "EvidenceKitContact", "version": 2}', b"\xff\xfe"]
)
def test_what_is_not_a_contact_is_said_in_words(data: bytes) -> None:
    with pytest.raises(EvidenceKitError):
        read_key_or_contact(data)


def test_a_key_line_among_other_lines_is_read() -> None:
    """What older versions of `keys show` printed (fingerprint first) still trusts."""
    public = KEY.public_key()
    old = f"Fingerprint: {fingerprint(public)}\n{export_public(public, 'Tess')}age1xyz\n"
    contact = read_key_or_contact(old.encode())
    assert (contact.name, contact.role, contact.fingerprint) == ("Tess", None, fingerprint(public))


def test_two_key_lines_are_refused() -> None:
    line = export_public(KEY.public_key(), "Tess")
    with pytest.raises(EvidenceKitError, match="not an EvidenceKit public key"):
        read_key_or_contact((line + line).encode())


def test_a_bad_role_cannot_be_written() -> None:
    with pytest.raises(EvidenceKitError, match="Role must be"):
        write_contact(KEY, "Eva", "principal")

"""The ``.evkit-contact`` file: who someone says they are, signed by the key it carries.

One small JSON document: ``name``, ``role`` and ``public_key`` (base64 of the raw
Ed25519 key), and ``signature`` (Ed25519 over the canonical form of the other
fields: keys sorted, no spaces, UTF-8). The signature proves that whoever made the
file holds the key; it does not prove the name, which is why the person trusting
it compares the fingerprint with its owner (aloud, by phone, in person).

``keys trust`` reads this file or the one-line public key ``keys show`` prints.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evidencekit.bundle.signing.identity import ROLES, parse_public
from evidencekit.bundle.signing.seal import fingerprint, raw_public
from evidencekit.domain.errors import EvidenceKitError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

SUFFIX = ".evkit-contact"
CONTACT_TYPE = "EvidenceKitContact"
MAX_BYTES = 64 << 10
MAX_NAME = 200


class ContactRefused(EvidenceKitError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"This contact file was refused: {reason}")


@dataclass(frozen=True)
class Contact:
    """Someone to trust: their key, and the name and role they claim (role may be unknown)."""

    public_key: Ed25519PublicKey
    name: str
    role: str | None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _check_claims(name: str, role: str) -> None:
    if not name.strip() or len(name) > MAX_NAME or any(c in name for c in "\r\n\t"):
        raise EvidenceKitError(f"A name of one line, at most {MAX_NAME} characters, please.")
    if role not in ROLES:
        raise EvidenceKitError(f"Role must be one of {', '.join(ROLES)}.")


def write_contact(key: Ed25519PrivateKey, name: str, role: str) -> bytes:
    """The contact file's bytes for this key, name and role."""
    name = name.strip()
    _check_claims(name, role)
    body = {
        "type": CONTACT_TYPE,
        "version": 1,
        "name": name,
        "role": role,
        "public_key": base64.b64encode(raw_public(key.public_key())).decode(),
    }
    signature = base64.b64encode(key.sign(_canonical(body))).decode()
    return (
        json.dumps({**body, "signature": signature}, indent=2, ensure_ascii=False) + "\n"
    ).encode()


def read_contact(data: bytes) -> Contact:
    """A contact file's claims, once its signature matches the key inside it."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if len(data) > MAX_BYTES:
        raise ContactRefused("it is far too large to be a contact file.")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ContactRefused("it is not a contact file (not JSON).") from None
    if not isinstance(document, dict) or document.get("type") != CONTACT_TYPE:
        raise ContactRefused("it is not an EvidenceKit contact file.")
    if document.get("version") != 1:
        raise ContactRefused("it was made by a newer EvidenceKit; update to read it.")
    fields: dict[str, Any] = {
        k: document.get(k) for k in ("name", "role", "public_key", "signature")
    }
    if not all(isinstance(v, str) for v in fields.values()):
        raise ContactRefused("its name, role, key or signature is missing.")
    try:
        _check_claims(fields["name"], fields["role"])
        key = Ed25519PublicKey.from_public_bytes(
            base64.b64decode(fields["public_key"], validate=True)
        )
        signature = base64.b64decode(fields["signature"], validate=True)
    except EvidenceKitError as bad:
        raise ContactRefused(bad.message) from None
    except (ValueError, binascii.Error):
        raise ContactRefused("its key or signature is damaged.") from None
    body = {k: v for k, v in document.items() if k != "signature"}
    try:
        key.verify(signature, _canonical(body))
    except InvalidSignature:
        raise ContactRefused(
            "its signature does not match (it was changed after signing)."
        ) from None
    return Contact(key, fields["name"], fields["role"])


def read_key_or_contact(data: bytes) -> Contact:
    """A contact file, or the one-line public key ``keys show`` prints (no role claimed)."""
    if data.lstrip().startswith(b"{"):
        return read_contact(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EvidenceKitError("This is not an EvidenceKit public key.") from None
    key, label = parse_public(text)
    return Contact(key, label, None)

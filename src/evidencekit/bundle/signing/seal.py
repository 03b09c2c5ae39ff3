"""Sealing a bag: an Ed25519 signature over its tag manifest.

The tag manifest lists the checksum of every tag file, including the payload
manifest, which lists the checksum of every payload file; signing it therefore
signs the whole bag. The signature lives in the tag file ``signature-ed25519.txt``,
deliberately not listed in the tag manifest it signs (it cannot contain its own
hash); BagIt tools accept unlisted tag files.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

SIGNATURE_FILE = "signature-ed25519.txt"
SIGNED_FILE = "tagmanifest-sha256.txt"


def raw_public(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, grouped for reading aloud: 'ab12 cd34 …'."""
    digest = hashlib.sha256(raw_public(key)).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def signature_file(key: Ed25519PrivateKey, signed: bytes) -> bytes:
    public = key.public_key()
    lines = [
        "Algorithm: Ed25519",
        f"Signed-File: {SIGNED_FILE}",
        f"Public-Key: {base64.b64encode(raw_public(public)).decode()}",
        f"Fingerprint: {fingerprint(public)}",
        f"Signature: {base64.b64encode(key.sign(signed)).decode()}",
    ]
    return ("\n".join(lines) + "\n").encode("ascii")


class SealState(StrEnum):
    TRUSTED = "trusted"  # valid, from a key the reader trusts
    UNKNOWN_SIGNER = "unknown-signer"  # valid, but nobody vouched for the key
    INVALID = "invalid"  # the bag was changed after signing, or the signature is forged
    MISSING = "missing"


@dataclass(frozen=True)
class SealCheck:
    state: SealState
    fingerprint: str | None
    reason: str


def check_seal(bag: Path, trusted: set[str]) -> SealCheck:
    """Check the signature of an extracted bag against the trusted fingerprints."""
    path = bag / SIGNATURE_FILE
    if not path.is_file():
        return SealCheck(SealState.MISSING, None, "the bundle is not signed.")
    signed = bag / SIGNED_FILE
    signed_bytes = signed.read_bytes() if signed.is_file() else None
    return check_signature(path.read_bytes(), signed_bytes, trusted)


def check_signature(signature: bytes, signed: bytes | None, trusted: set[str]) -> SealCheck:
    """Check ``signature`` (the signature file's bytes) over ``signed`` (the tag
    manifest's bytes, None when it is missing) against the trusted fingerprints."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    fields: dict[str, str] = {}
    for line in signature.decode("ascii", errors="replace").splitlines():
        label, _colon, value = line.partition(":")
        fields[label.strip()] = value.strip()
    try:
        public = Ed25519PublicKey.from_public_bytes(
            base64.b64decode(fields["Public-Key"], validate=True)
        )
        signature_bytes = base64.b64decode(fields["Signature"], validate=True)
    except (KeyError, ValueError):
        return SealCheck(SealState.INVALID, None, f"{SIGNATURE_FILE} is malformed.")
    print_ = fingerprint(public)
    if fields.get("Algorithm") != "Ed25519" or fields.get("Signed-File") != SIGNED_FILE:
        return SealCheck(SealState.INVALID, print_, f"{SIGNATURE_FILE} is malformed.")
    if fields.get("Fingerprint") != print_:
        return SealCheck(
            SealState.INVALID, print_, "the signer's fingerprint does not match the key."
        )
    if signed is None:
        return SealCheck(SealState.INVALID, print_, f"{SIGNED_FILE} is missing.")
    try:
        public.verify(signature_bytes, signed)
    except InvalidSignature:
        return SealCheck(
            SealState.INVALID, print_, "the signature does not match: the bundle was changed."
        )
    if print_ in trusted:
        return SealCheck(SealState.TRUSTED, print_, "signed by a trusted key.")
    return SealCheck(
        SealState.UNKNOWN_SIGNER,
        print_,
        f"validly signed, but by a key you have not trusted ({print_}).",
    )

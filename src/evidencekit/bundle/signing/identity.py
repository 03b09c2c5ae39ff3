"""A person's Ed25519 identity, kept secret, and the public keys they trust.

The private key lives in the operating system's password store (``keyring``).
Where there is none (a headless Linux machine), the app says so plainly and
offers a key file encrypted with a passphrase instead. A private key is never
written in plain text.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.bundle.signing.seal import fingerprint, raw_public
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.storage.atomic_files import write_atomically

if TYPE_CHECKING:
    import keyring
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

SERVICE = "EvidenceKit"
PUBLIC_PREFIX = "evidencekit-ed25519"
ROLES = ("teacher", "evaluator", "coach")


class NoKeyring(EvidenceKitError):
    def __init__(self) -> None:
        super().__init__(
            "This computer has no secure password store (keyring) for your private key. "
            "Keep it in a key file protected by a passphrase instead (--key-file FILE)."
        )


def _stores_secrets(backend: keyring.backend.KeyringBackend) -> bool:
    # The fail backend refuses everything and the null one silently drops secrets:
    # neither may be trusted with a private key.
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(_stores_secrets(member) for member in backend.backends)
    return True


def keyring_available() -> bool:
    import keyring

    return _stores_secrets(keyring.get_keyring())


def _account(label: str) -> str:
    return f"identity:{label}"


def create_identity(
    label: str = "default", *, key_file: Path | None = None, passphrase: str | None = None
) -> Ed25519PrivateKey:
    """Make a new key and keep it in the keyring, or in ``key_file`` under ``passphrase``."""
    import keyring
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from keyring.errors import KeyringError

    key = Ed25519PrivateKey.generate()
    if key_file is not None:
        write_key_file(key_file, key, passphrase or "")
        return key
    if not keyring_available():
        raise NoKeyring()
    if _from_keyring(label) is not None:
        raise EvidenceKitError(f"An identity named {label!r} already exists; it was kept.")
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    try:
        keyring.set_password(SERVICE, _account(label), base64.b64encode(raw).decode())
    except KeyringError as exc:
        raise EvidenceKitError(f"The password store refused to save the key ({exc}).") from None
    return key


def _from_keyring(label: str) -> Ed25519PrivateKey | None:
    import keyring
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(SERVICE, _account(label))
    except KeyringError as exc:
        raise EvidenceKitError(f"The password store could not be read ({exc}).") from None
    if stored is None:
        return None
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored, validate=True))
    except ValueError:
        raise EvidenceKitError(
            f"The key stored for the identity {label!r} in the password store is damaged; "
            "restore it from a backup key file or create a new identity."
        ) from None


def load_identity(
    label: str = "default", *, key_file: Path | None = None, passphrase: str | None = None
) -> Ed25519PrivateKey:
    if key_file is not None:
        return read_key_file(key_file, passphrase or "")
    if not keyring_available():
        raise NoKeyring()
    key = _from_keyring(label)
    if key is None:
        raise EvidenceKitError(
            f"You have no identity named {label!r} yet. Create one with `evidencekit keys create`."
        )
    return key


def write_key_file(path: Path, key: Ed25519PrivateKey, passphrase: str) -> None:
    """PKCS#8, encrypted with the passphrase, written atomically and readable by you alone."""
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        Encoding,
        PrivateFormat,
    )

    if len(passphrase) < 8:
        raise EvidenceKitError("Choose a passphrase of at least 8 characters for the key file.")
    if path.exists():
        raise EvidenceKitError(f"{path} already exists; it was kept.")
    pem = key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(passphrase.encode())
    )
    write_atomically(path, pem, private=True)


def read_key_file(path: Path, passphrase: str) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EvidenceKitError(f"{path}: the key file does not exist.") from None
    try:
        key = load_pem_private_key(data, passphrase.encode() or None)
    except (ValueError, TypeError):
        raise EvidenceKitError(
            f"{path}: the passphrase is wrong, or this is not an EvidenceKit key file."
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise EvidenceKitError(f"{path}: this is not an Ed25519 key.")
    return key


def export_public(key: Ed25519PublicKey, label: str) -> str:
    """One line to send to others: ``evidencekit-ed25519 <base64> <label>``."""
    return f"{PUBLIC_PREFIX} {base64.b64encode(raw_public(key)).decode()} {label}\n"


def parse_public(text: str) -> tuple[Ed25519PublicKey, str]:
    """The key line of ``text``; other lines (what older versions of ``keys show`` also
    printed: the fingerprint, the encryption key) are ignored."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    lines = [line for line in text.splitlines() if line.startswith(PUBLIC_PREFIX + " ")]
    if len(lines) != 1:
        raise EvidenceKitError("This is not an EvidenceKit public key.")
    parts = lines[0].strip().split(None, 2)
    if len(parts) < 2:
        raise EvidenceKitError("This is not an EvidenceKit public key.")
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(parts[1], validate=True))
    except ValueError:
        raise EvidenceKitError("The public key is damaged.") from None
    return key, parts[2] if len(parts) > 2 else ""


@dataclass(frozen=True)
class TrustedKey:
    fingerprint: str
    public_key: str  # base64
    label: str  # the name they gave (or the label on their key line)
    role: str
    since: str = ""  # ISO date she trusted them; empty for lists made before it was kept


class TrustStore:
    """Public keys this user trusts, in a small JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def keys(self) -> list[TrustedKey]:
        if not self.path.exists():
            return []
        try:
            return [TrustedKey(**item) for item in json.loads(self.path.read_text("utf-8"))]
        except (ValueError, TypeError):
            raise EvidenceKitError(f"{self.path}: the list of trusted keys is damaged.") from None

    def fingerprints(self, role: str | None = None) -> set[str]:
        """Trusted fingerprints, only those trusted in ``role`` when one is given."""
        return {k.fingerprint for k in self.keys() if role is None or k.role == role}

    def add(self, key: Ed25519PublicKey, label: str, role: str) -> TrustedKey:
        if role not in ROLES:
            raise EvidenceKitError(f"Role must be one of {', '.join(ROLES)}.")
        entry = TrustedKey(
            fingerprint(key),
            base64.b64encode(raw_public(key)).decode(),
            label,
            role,
            date.today().isoformat(),
        )
        kept = [k for k in self.keys() if k.fingerprint != entry.fingerprint]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        with temp.open("w", encoding="utf-8") as out:
            json.dump([k.__dict__ for k in [*kept, entry]], out, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, self.path)
        return entry

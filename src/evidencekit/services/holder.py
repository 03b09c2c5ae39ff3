"""The person using the app: the name printed on certificates, the email badges are hashed to.

Kept in the user's configuration folder, never in a bundle: a bundle carries only
a salted hash of the email (see ``recipient_for``), and certificates are made on
the teacher's own machine.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from evidencekit.domain.credentials import Recipient, hash_email
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.storage.atomic_files import write_atomically
from evidencekit.storage.locations import holder_profile_path

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class HolderProfile:
    name: str = ""
    email: str = ""


def load_profile() -> HolderProfile:
    path = holder_profile_path()
    try:
        data = json.loads(path.read_text("utf-8"))
        return HolderProfile(str(data.get("name", "")), str(data.get("email", "")))
    except FileNotFoundError:
        return HolderProfile()
    except (ValueError, AttributeError):
        raise EvidenceKitError(f"{path}: your saved name and email are damaged.") from None


def save_profile(profile: HolderProfile) -> HolderProfile:
    clean = HolderProfile(profile.name.strip(), profile.email.strip())
    if clean.email and not _EMAIL.match(clean.email):
        raise EvidenceKitError(f"{clean.email!r} is not an email address.")
    if len(clean.name) > 200:
        raise EvidenceKitError("A name of at most 200 characters, please.")
    path = holder_profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(asdict(clean), ensure_ascii=False).encode("utf-8"))
    return clean


def recipient_for(
    profile: HolderProfile, signer: Ed25519PrivateKey, submission_id: int, attempt: int
) -> Recipient | None:
    """The salted email hash a bundle carries, or None when no email was given.

    The salt comes from the teacher's private key and the attempt, so the same
    attempt packs to the same bytes, yet nobody else can predict the salt or tie
    two attempts' hashes together before seeing them.
    """
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    if not profile.email:
        return None
    secret = signer.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    label = f"evidencekit-recipient-salt/{submission_id}/{attempt}".encode()
    salt = hmac.new(secret, label, hashlib.sha256).hexdigest()[:32]
    return Recipient(hash_email(profile.email, salt), salt)

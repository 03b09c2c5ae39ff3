"""Who I am and whom I trust: the People view and ``evidencekit keys me|trusted``.

My name and email are the holder profile certificates use (services/holder.py);
my role sits beside it, so a contact file can say who I am without asking again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.bundle.signing.contact import Contact, write_contact
from evidencekit.bundle.signing.identity import ROLES, TrustedKey, TrustStore
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services.holder import HolderProfile, load_profile, save_profile
from evidencekit.storage.atomic_files import write_atomically
from evidencekit.storage.locations import holder_profile_path, trust_store_path

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@dataclass(frozen=True)
class Me:
    name: str = ""
    email: str = ""
    role: str = ""  # one of ROLES, or empty until she says

    @property
    def complete(self) -> bool:
        """Name and role known (and an email for a teacher, whose badges are hashed to it)."""
        return bool(self.name and self.role and (self.email or self.role != "teacher"))


def _role_path() -> Path:
    return holder_profile_path().with_name("role.json")


def load_me() -> Me:
    profile = load_profile()
    try:
        role = str(json.loads(_role_path().read_text("utf-8")).get("role", ""))
    except FileNotFoundError:
        role = ""
    except (ValueError, AttributeError):
        raise EvidenceKitError(f"{_role_path()}: your saved role is damaged.") from None
    return Me(profile.name, profile.email, role if role in ROLES else "")


def save_me(me: Me) -> Me:
    """Check and keep her name, email and role; returns them as kept."""
    if me.role and me.role not in ROLES:
        raise EvidenceKitError(f"Role must be one of {', '.join(ROLES)}.")
    if not me.name.strip():
        raise EvidenceKitError("Give your name: it goes on certificates and contact files.")
    profile = save_profile(HolderProfile(me.name, me.email))
    path = _role_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps({"role": me.role}).encode("utf-8"))
    return Me(profile.name, profile.email, me.role)


def my_contact_file(key: Ed25519PrivateKey, me: Me) -> bytes:
    if not me.name or not me.role:
        raise EvidenceKitError("Say your name and role first; a contact file carries both.")
    return write_contact(key, me.name, me.role)


def my_fingerprint(key: Ed25519PrivateKey) -> str:
    return fingerprint(key.public_key())


def _my_keys_path() -> Path:
    return holder_profile_path().with_name("my-keys.json")


def my_keys() -> frozenset[str]:
    """The fingerprints of the keys she has reviewed with on this account: at a review
    centre's shared database they tell her drafts from her colleagues'."""
    try:
        found = json.loads(_my_keys_path().read_text("utf-8"))
    except FileNotFoundError:
        return frozenset()
    except ValueError:
        raise EvidenceKitError(f"{_my_keys_path()}: your list of keys is damaged.") from None
    return frozenset(str(f) for f in found)


def remember_my_key(key: Ed25519PrivateKey) -> None:
    try:
        known = my_keys()
    except EvidenceKitError:
        known = frozenset()  # a damaged list is rebuilt as she opens bundles, not a refusal
    print_ = my_fingerprint(key)
    if print_ in known:
        return
    path = _my_keys_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(sorted(known | {print_})).encode("utf-8"))


def trusted_people() -> list[TrustedKey]:
    """Everyone I trust, by name."""
    return sorted(TrustStore(trust_store_path()).keys(), key=lambda k: (k.label.lower(), k.role))


def trust(contact: Contact, role: str) -> TrustedKey:
    """Trust this key in this role (her decision; the role a contact claims is a default)."""
    return TrustStore(trust_store_path()).add(contact.public_key, contact.name, role)


def trusted_person(fingerprint_: str) -> TrustedKey | None:
    """Whom this key belongs to, if she trusts it; None for a stranger."""
    return next((k for k in trusted_people() if k.fingerprint == fingerprint_), None)

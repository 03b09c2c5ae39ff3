"""Identities: keyring first, a passphrase-protected file where there is none."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from keyring.backend import KeyringBackend
from keyring.backends import fail

from evidencekit.bundle.signing.identity import (
    NoKeyring,
    TrustStore,
    create_identity,
    export_public,
    load_identity,
    parse_public,
)
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.errors import EvidenceKitError


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict, so tests never touch a real password store."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_identity_round_trips_through_the_keyring(memory_keyring: MemoryKeyring) -> None:
    key = create_identity("teacher")
    assert fingerprint(load_identity("teacher").public_key()) == fingerprint(key.public_key())
    [(service, account)] = memory_keyring.items
    assert (service, account) == ("EvidenceKit", "identity:teacher")
    with pytest.raises(EvidenceKitError, match="already exists"):
        create_identity("teacher")
    with pytest.raises(EvidenceKitError, match="no identity named 'other'"):
        load_identity("other")


def test_without_a_keyring_the_app_says_so_and_a_key_file_works(
    no_keyring: None, tmp_path: Path
) -> None:
    with pytest.raises(NoKeyring, match="no secure password store"):
        create_identity()
    key_file = tmp_path / "me.key"
    key = create_identity(key_file=key_file, passphrase="correct horse battery")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    pem = key_file.read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in pem
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    assert raw not in pem
    loaded = load_identity(key_file=key_file, passphrase="correct horse battery")
    assert fingerprint(loaded.public_key()) == fingerprint(key.public_key())
    with pytest.raises(EvidenceKitError, match="passphrase is wrong"):
        load_identity(key_file=key_file, passphrase="wrong horse battery")


def test_key_files_need_a_real_passphrase_and_never_overwrite(tmp_path: Path) -> None:
    with pytest.raises(EvidenceKitError, match="at least 8"):
        create_identity(key_file=tmp_path / "a.key", passphrase="short")
    assert not (tmp_path / "a.key").exists()
    create_identity(key_file=tmp_path / "b.key", passphrase="long enough")
    with pytest.raises(EvidenceKitError, match="already exists"):
        create_identity(key_file=tmp_path / "b.key", passphrase="long enough")


def test_public_keys_export_import_and_trust(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    key = create_identity("evaluator")
    text = export_public(key.public_key(), "Ms Rivera, evaluator")
    public, label = parse_public(text)
    assert label == "Ms Rivera, evaluator"
    store = TrustStore(tmp_path / "trusted.json")
    entry = store.add(public, label, "evaluator")
    assert store.fingerprints() == {fingerprint(key.public_key())} == {entry.fingerprint}
    assert len(entry.fingerprint.split()) == 8
    with pytest.raises(EvidenceKitError, match="not an EvidenceKit public key"):
        parse_public("ssh-ed25519 AAAA me@host")
    with pytest.raises(EvidenceKitError, match="Role must be"):
        store.add(public, label, "principal")

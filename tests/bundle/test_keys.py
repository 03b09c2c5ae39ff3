"""Identities and trust (bundle/signing/identity.py), beyond test_identity.py: keyring detection,
the exact fingerprint and public-key formats, and the trust store on disk.

Every test runs against a keyring backend defined here; none touches a real password store.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from keyring.backend import KeyringBackend
from keyring.backends import chainer, null
from keyring.errors import PasswordSetError

from evidencekit.bundle.encryption.age_files import age_identity_for, age_recipient_for
from evidencekit.bundle.signing.identity import (
    NoKeyring,
    TrustStore,
    create_identity,
    export_public,
    keyring_available,
    load_identity,
    parse_public,
)
from evidencekit.bundle.signing.seal import fingerprint, raw_public
from evidencekit.domain.errors import EvidenceKitError

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


class DictKeyring(KeyringBackend):
    """An in-memory password store; ``refuse`` makes every write fail like a locked one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, refuse: bool = False) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.refuse = refuse

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refuse:
            raise PasswordSetError("the collection is locked")
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


Install = Callable[[KeyringBackend], KeyringBackend]


@pytest.fixture
def use_backend() -> Iterator[Install]:
    """Set a keyring backend for one test; the previous one comes back afterwards."""
    previous = keyring.get_keyring()

    def install(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


def test_a_chainer_with_nothing_to_chain_counts_as_no_keyring(
    use_backend: Install, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # What keyring picks on a headless Linux box where no backend is viable.
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    use_backend(chainer.ChainerBackend())
    assert not keyring_available()
    with pytest.raises(NoKeyring, match="--key-file"):
        create_identity("teacher")
    with pytest.raises(NoKeyring):
        load_identity("teacher")
    key_file = tmp_path / "teacher.key"
    key = create_identity(key_file=key_file, passphrase="a long passphrase")
    assert load_identity(key_file=key_file, passphrase="a long passphrase").private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    ) == key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def test_a_chainer_with_a_real_backend_is_a_keyring(
    use_backend: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DictKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [store])
    use_backend(chainer.ChainerBackend())
    assert keyring_available()
    create_identity("teacher")
    assert list(store.items) == [("EvidenceKit", "identity:teacher")]


def test_the_null_backend_is_no_keyring(use_backend: Install) -> None:
    use_backend(null.Keyring())
    with pytest.raises(NoKeyring):
        create_identity("teacher")


def test_a_refusing_keyring_gives_a_clear_error_and_stores_nothing(use_backend: Install) -> None:
    store = use_backend(DictKeyring(refuse=True))
    with pytest.raises(EvidenceKitError, match="refused to save the key"):
        create_identity("teacher")
    assert store.items == {}


def test_a_damaged_keyring_entry_is_reported(use_backend: Install) -> None:
    store = use_backend(DictKeyring())
    store.items[("EvidenceKit", "identity:teacher")] = "not a key"
    with pytest.raises(EvidenceKitError):
        load_identity("teacher")


def test_the_key_file_holds_neither_the_raw_key_nor_its_base64(tmp_path: Path) -> None:
    key_file = tmp_path / "me.key"
    key = create_identity(key_file=key_file, passphrase="correct horse battery")
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    data = key_file.read_bytes()
    assert data.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert raw not in data and base64.b64encode(raw) not in data
    assert os.listdir(tmp_path) == ["me.key"]  # the temporary file was renamed, not left


def test_fingerprint_is_the_first_128_bits_of_sha256_in_groups_of_four() -> None:
    digest = hashlib.sha256(raw_public(KEY.public_key())).hexdigest()
    shown = fingerprint(KEY.public_key())
    assert shown == " ".join(digest[i : i + 4] for i in range(0, 32, 4))
    assert len(shown.split(" ")) == 8 and all(len(g) == 4 for g in shown.split(" "))


def test_public_key_text_format_round_trips_exactly() -> None:
    text = export_public(KEY.public_key(), "Ana Núñez, Grade 5")
    prefix, encoded, label = text.rstrip("\n").split(" ", 2)
    assert (prefix, label) == ("evidencekit-ed25519", "Ana Núñez, Grade 5")
    assert base64.b64decode(encoded) == raw_public(KEY.public_key())
    public, parsed_label = parse_public(text)
    assert (raw_public(public), parsed_label) == (raw_public(KEY.public_key()), label)
    assert parse_public(f"evidencekit-ed25519 {encoded}")[1] == ""  # a label is optional


@pytest.mark.parametrize(
    "text",
    [
        "evidencekit-ed25519 not*base64 label",
        "evidencekit-ed25519 " + base64.b64encode(b"short").decode() + " label",
        "evidencekit-ed25519",
        "",
    ],
)
def test_damaged_public_keys_are_refused(text: str) -> None:
    with pytest.raises(EvidenceKitError, match="public key"):
        parse_public(text)


def test_trust_store_keeps_labels_and_roles_across_instances(tmp_path: Path) -> None:
    teacher, evaluator = KEY.public_key(), Ed25519PrivateKey.generate().public_key()
    path = tmp_path / "config" / "trusted-keys.json"
    TrustStore(path).add(teacher, "Ana Núñez", "teacher")
    TrustStore(path).add(evaluator, "Centre 4", "evaluator")
    TrustStore(path).add(teacher, "Ana Núñez (new label)", "teacher")  # replaces, no duplicate
    trusted = TrustStore(path).keys()
    keys = {k.fingerprint: k for k in trusted}
    assert len(trusted) == 2
    assert set(keys) == {fingerprint(teacher), fingerprint(evaluator)}
    assert (keys[fingerprint(teacher)].label, keys[fingerprint(teacher)].role) == (
        "Ana Núñez (new label)",
        "teacher",
    )
    assert keys[fingerprint(evaluator)].role == "evaluator"
    assert base64.b64decode(keys[fingerprint(evaluator)].public_key) == raw_public(evaluator)
    assert sorted(os.listdir(path.parent)) == ["trusted-keys.json"]


def test_a_missing_trust_store_is_empty_and_a_damaged_one_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "trusted-keys.json"
    assert TrustStore(path).keys() == [] and TrustStore(path).fingerprints() == set()
    for damage in ("{not json", json.dumps([{"fingerprint": "x"}]), json.dumps([1, 2])):
        path.write_text(damage, "utf-8")
        with pytest.raises(EvidenceKitError, match="damaged"):
            TrustStore(path).keys()


def test_the_encryption_key_follows_the_signing_key_and_age_reads_it(tmp_path: Path) -> None:
    signing = Ed25519PrivateKey.generate()
    identity = age_identity_for(signing)
    assert identity == age_identity_for(signing)  # derived, so nothing more to store
    assert identity != age_identity_for(Ed25519PrivateKey.generate())
    # The reference tool agrees with us on both halves of the key.
    key_file = tmp_path / "id.txt"
    key_file.write_text(identity + "\n")
    public = subprocess.run(
        ["age-keygen", "-y", str(key_file)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert public == age_recipient_for(signing)
    sealed = subprocess.run(
        ["age", "-r", public], input=b"bundle bytes", capture_output=True, check=True
    ).stdout
    opened = subprocess.run(
        ["age", "-d", "-i", str(key_file)], input=sealed, capture_output=True, check=True
    ).stdout
    assert opened == b"bundle bytes"

"""The options of every command that signs or decrypts (--label, --key-file) and the key
they choose."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.signing.identity import load_identity
from evidencekit.domain.errors import EvidenceKitError

PASSPHRASE_ENV = "EVIDENCEKIT_PASSPHRASE"


def identity_options() -> argparse.ArgumentParser:
    """--label and --key-file, for every command that signs or decrypts."""
    identity = argparse.ArgumentParser(add_help=False)
    identity.add_argument("--label", default="default", help="which of your identities")
    identity.add_argument(
        "--key-file",
        type=Path,
        metavar="FILE",
        help="a passphrase-protected key file instead of the keyring "
        f"(passphrase from ${PASSPHRASE_ENV}, or asked)",
    )
    return identity


def key_file_passphrase(args: argparse.Namespace, confirm: bool = False) -> str | None:
    """None for the keyring; for a key file, the passphrase from the environment or asked."""
    if args.key_file is None:
        return None
    if PASSPHRASE_ENV in os.environ:
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise EvidenceKitError(f"Give the key file's passphrase in ${PASSPHRASE_ENV}.")
    first = getpass.getpass("Passphrase for the key file: ")
    if confirm and getpass.getpass("Again, to be sure: ") != first:
        raise EvidenceKitError("The two passphrases differ; nothing was saved.")
    return first


def signer_from(args: argparse.Namespace) -> Ed25519PrivateKey:
    return load_identity(args.label, key_file=args.key_file, passphrase=key_file_passphrase(args))

"""``evidencekit keys …`` and ``evidencekit pack``: identities and sealing."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import asdict
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.encryption.age_files import (
    AGE_SUFFIX,
    age_identity_for,
    age_recipient_for,
    decrypt_bundle,
)
from evidencekit.bundle.signing.contact import SUFFIX as CONTACT_SUFFIX
from evidencekit.bundle.signing.contact import read_key_or_contact
from evidencekit.bundle.signing.identity import ROLES, create_identity, export_public, load_identity
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.cli import context
from evidencekit.cli.commands import add_command
from evidencekit.cli.output import TerminalProgress, emit_json, say, warn
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services.packing import pack_submission
from evidencekit.services.people import (
    Me,
    load_me,
    my_contact_file,
    save_me,
    trust,
    trusted_people,
)
from evidencekit.storage.atomic_files import write_atomically

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


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    identity = identity_options()
    keys = add_command(commands, "keys")
    sub = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("create", parents=[common, identity], help="make your identity").set_defaults(
        run=cmd_create
    )
    sub.add_parser(
        "show",
        parents=[common, identity],
        help="your public key on stdout (for `keys trust`); its fingerprint on stderr",
    ).set_defaults(run=cmd_show)
    contact = sub.add_parser(
        "contact",
        parents=[common, identity],
        help="write your signed contact file (name, role, public key)",
    )
    contact.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    contact.set_defaults(run=cmd_contact)
    me = sub.add_parser("me", parents=[common], help="show or set your name, email and role")
    me.add_argument("--name")
    me.add_argument("--email")
    me.add_argument("--role", choices=ROLES)
    me.set_defaults(run=cmd_me)
    trust = sub.add_parser(
        "trust", parents=[common], help="trust someone's public key or contact file"
    )
    trust.add_argument("file", type=Path, metavar="FILE")
    trust.add_argument(
        "--role", choices=ROLES, help="the role you trust them in (a contact file names one)"
    )
    trust.set_defaults(run=cmd_trust)
    sub.add_parser("trusted", parents=[common], help="people you trust").set_defaults(
        run=cmd_trusted
    )
    pack = add_command(commands, "pack", parents=[common, identity])
    pack.add_argument("--submission", required=True, type=int, metavar="N")
    pack.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    pack.add_argument("--overwrite", action="store_true")
    pack.add_argument(
        "--encrypt-to",
        action="append",
        default=[],
        metavar="AGE_KEY",
        help="encrypt the bundle to an evaluator's age public key (age1…, or a file holding "
        "one); repeat for several. You can always open it yourself.",
    )
    pack.add_argument(
        "--blind",
        action="store_true",
        help="for blind review: the evaluator sees a pseudonym, not the submission's title",
    )
    pack.add_argument(
        "--for-coaching",
        action="store_true",
        help="pack an unfinished submission as a draft for a coach's comments: marked as "
        "such, what is still open listed, never scored",
    )
    pack.set_defaults(run=cmd_pack)
    decrypt = add_command(commands, "decrypt", parents=[common, identity])
    decrypt.add_argument("file", type=Path, metavar="FILE")
    decrypt.add_argument("-o", "--output", type=Path, metavar="FILE")
    decrypt.add_argument("--overwrite", action="store_true")
    decrypt.set_defaults(run=cmd_decrypt)


def _passphrase(args: argparse.Namespace, confirm: bool = False) -> str | None:
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
    return load_identity(args.label, key_file=args.key_file, passphrase=_passphrase(args))


def _describe(key: Ed25519PrivateKey, args: argparse.Namespace) -> None:
    public = key.public_key()
    if args.json:
        emit_json(
            {
                "fingerprint": fingerprint(public),
                "public_key": export_public(public, args.label).strip(),
                "age_recipient": age_recipient_for(key),
            }
        )
    else:
        # Only the key line on stdout, so `keys show > me.pub` is what `keys trust` reads.
        say(export_public(public, load_me().name or args.label).strip())
        warn(f"Fingerprint: {fingerprint(public)}")
        warn(f"Encryption key (teachers encrypt bundles to you with it): {age_recipient_for(key)}")


def _recipient(text: str) -> str:
    """An age key given inline, or the path of a file that holds one."""
    if text.startswith("age1"):
        return text
    try:
        return Path(text).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        raise EvidenceKitError(
            f"{text}: neither an age public key (age1…) nor a readable file holding one."
        ) from None


def cmd_create(args: argparse.Namespace) -> int:
    key = create_identity(args.label, key_file=args.key_file, passphrase=_passphrase(args, True))
    _describe(key, args)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    _describe(signer_from(args), args)
    return 0


def cmd_contact(args: argparse.Namespace) -> int:
    data = my_contact_file(signer_from(args), load_me())
    target: Path = args.output
    if not target.name.endswith(CONTACT_SUFFIX):
        target = target.with_name(target.name + CONTACT_SUFFIX)
    write_atomically(target, data)
    if args.json:
        emit_json({"contact": str(target)})
    else:
        say(f"Wrote {target}; send it to the people who should trust you.")
    return 0


def cmd_me(args: argparse.Namespace) -> int:
    me = load_me()
    if args.name is not None or args.email is not None or args.role is not None:
        me = save_me(
            Me(
                me.name if args.name is None else args.name,
                me.email if args.email is None else args.email,
                me.role if args.role is None else args.role,
            )
        )
    if args.json:
        emit_json(asdict(me))
    else:
        say(f"Name:  {me.name or '(not given)'}")
        say(f"Role:  {me.role or '(not given)'}")
        say(f"Email: {me.email or '(not given)'}")
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError:
        raise EvidenceKitError(f"{args.file}: cannot be read.") from None
    contact = read_key_or_contact(data)
    role = args.role or contact.role
    if role is None:
        raise EvidenceKitError(
            f"{args.file} is a bare public key: say the role you trust it in "
            f"(--role {'|'.join(ROLES)})."
        )
    entry = trust(contact, role)
    if args.json:
        emit_json(entry.__dict__)
    else:
        say(f"Trusted {contact.name or 'key'} as {role}: {entry.fingerprint}")
    return 0


def cmd_trusted(args: argparse.Namespace) -> int:
    people = trusted_people()
    if args.json:
        emit_json([k.__dict__ for k in people])
    for key in [] if args.json else people:
        say(f"{key.label or '(no name)'}  {key.role}  since {key.since or '?'}  {key.fingerprint}")
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    signer = signer_from(args)
    progress = TerminalProgress()
    with context.workspace(args) as ws:
        try:
            result = pack_submission(
                ws,
                args.submission,
                args.output,
                signer,
                encrypt_to=[_recipient(text) for text in args.encrypt_to],
                blind=args.blind,
                overwrite=args.overwrite,
                draft=args.for_coaching,
                progress=progress,
            )
        finally:
            progress.finish()
    if args.json:
        emit_json(
            {
                "bundle": str(result.path),
                "size_bytes": result.size_bytes,
                "signer": fingerprint(signer.public_key()),
                "encrypted": bool(args.encrypt_to),
                "draft_for_coaching": args.for_coaching,
            }
        )
    elif args.for_coaching:
        say(
            f"Packed submission {args.submission} as a draft for coaching into {result.path}, "
            f"signed {fingerprint(signer.public_key())}. Send it to your coach."
        )
    else:
        say(
            f"Sealed submission {args.submission} into {result.path} "
            f"({result.size_bytes / 1e6:.1f} MB), signed {fingerprint(signer.public_key())}."
        )
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    source: Path = args.file
    target = args.output or (
        source.with_name(source.name.removesuffix(AGE_SUFFIX))
        if source.name.endswith(AGE_SUFFIX)
        else source.with_name(source.name + ".evkit")
    )
    identity = age_identity_for(signer_from(args))
    progress = TerminalProgress()
    try:
        decrypt_bundle(source, [identity], target, overwrite=args.overwrite, progress=progress)
    finally:
        progress.finish()
    if args.json:
        emit_json({"bundle": str(target)})
    else:
        say(f"Decrypted into {target}. Check it with: evidencekit verify {target}")
    return 0

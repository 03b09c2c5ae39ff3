"""``evidencekit keys …``: your identity, your contact file and the people you trust."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.encryption.age_files import age_recipient_for
from evidencekit.bundle.signing.contact import SUFFIX as CONTACT_SUFFIX
from evidencekit.bundle.signing.contact import read_key_or_contact
from evidencekit.bundle.signing.identity import ROLES, create_identity, export_public
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.cli.commands import add_command
from evidencekit.cli.identity import identity_options, key_file_passphrase, signer_from
from evidencekit.cli.output import emit_json, say, warn
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services.people import (
    Me,
    load_me,
    my_contact_file,
    save_me,
    trust,
    trusted_people,
)
from evidencekit.storage.atomic_files import write_atomically


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


def cmd_create(args: argparse.Namespace) -> int:
    key = create_identity(
        args.label, key_file=args.key_file, passphrase=key_file_passphrase(args, True)
    )
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

"""``evidencekit credential …``: check Open Badges credentials offline; the teacher's wallet;
pathway requests and their issuance.

The services (cryptography, ReportLab, Pillow, SQLAlchemy behind them) are imported
by each command when it runs, so that building the parser stays light.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from evidencekit.cli.commands import add_command
from evidencekit.cli.output import emit_json, say, shown
from evidencekit.domain.credentials import EMAIL_RULE, UntrustedIssuer, issuer_name
from evidencekit.domain.errors import EvidenceKitError


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from evidencekit.cli.identity import identity_options

    identity = identity_options()
    group = add_command(commands, "credential")
    sub = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    verify = sub.add_parser(
        "verify",
        parents=[common],
        help="check a credential (JSON, baked PNG or SVG, certificate PDF) offline",
        description="Check an Open Badges 3.0 credential offline: its structure, its "
        "eddsa-jcs-2022 proof, its dates. Exit 0 when it holds (even from an issuer you have "
        "not trusted, which the first line then says), 1 when refused.",
    )
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument("--bundle", type=Path, metavar="B", help="the bundle it was awarded for")
    verify.add_argument(
        "--require-trusted",
        action="store_true",
        help="exit 1 unless the issuer's key is one you trust as evaluator",
    )
    verify.add_argument(
        "--email",
        metavar="ADDRESS",
        help="check that the holder's hashed email is this address. " + EMAIL_RULE,
    )
    verify.set_defaults(run=cmd_verify)

    sub.add_parser("list", parents=[common], help="credentials in your wallet").set_defaults(
        run=cmd_list
    )
    check = sub.add_parser("check", parents=[common], help="check a wallet credential again")
    check.add_argument("id", type=int, metavar="ID")
    check.set_defaults(run=cmd_check)
    export = sub.add_parser(
        "export", parents=[common], help="a wallet credential as badge PNG/SVG, JSON or PDF"
    )
    export.add_argument("id", type=int, metavar="ID")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    export.add_argument("--paper", choices=("a4", "letter"), default="a4", help="for the PDF")
    export.set_defaults(run=cmd_export)
    imported = sub.add_parser(
        "import",
        parents=[common, identity],
        help="put a credential you were sent into your wallet",
        description="Add a credential (JSON, baked PNG or SVG, certificate PDF) to your wallet. "
        "It must verify, be awarded to you (your identity's did:key, or the did:key your "
        "wallet's credentials name, or your saved email when it names you only by a hashed "
        "email) and come from an evaluator you trust.",
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.set_defaults(run=cmd_import)

    holder = sub.add_parser(
        "holder", parents=[common], help="your name (for certificates) and email (hashed)"
    )
    holder.add_argument("--name")
    holder.add_argument(
        "--email",
        help="the email credentials name you by, as a salted hash only. " + EMAIL_RULE,
    )
    holder.set_defaults(run=cmd_holder)

    request = sub.add_parser(
        "request-pathway",
        parents=[common, identity],
        help="ask for a pathway's credential once you hold all of its credentials",
    )
    request.add_argument("pathway", metavar="PATHWAY")
    request.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    request.set_defaults(run=cmd_request_pathway)
    issue = sub.add_parser(
        "issue-pathway", parents=[common, identity], help="(evaluators) answer a pathway request"
    )
    issue.add_argument("request", type=Path, metavar="REQUEST")
    issue.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    issue.set_defaults(run=cmd_issue_pathway)


def cmd_verify(args: argparse.Namespace) -> int:
    from evidencekit.domain.credentials import short_code
    from evidencekit.services.wallet import verify_file

    result = verify_file(args.file, args.bundle, email=args.email)
    checked, document = result.checked, result.checked.document
    issuer = issuer_name(document)
    if args.require_trusted and not result.trusted:
        raise UntrustedIssuer(checked.signer)
    if args.json:
        emit_json(
            {
                "ok": True,
                "title": checked.title,
                "issuer": issuer,
                "signer": checked.signer,
                "trusted": result.trusted,
                "legacy_proof": checked.legacy_proof,
                "valid_from": document.get("validFrom"),
                "valid_until": document.get("validUntil"),
                "sha256": result.json_sha256,
                "short_code": short_code(result.json_sha256),
                "canonical_sha256": checked.sha256,
                "bundle_checked": args.bundle is not None,
                "email_matches": None if args.email is None else result.email_match is not None,
                "email_match": result.email_match,
            }
        )
        return 0
    what = f"“{checked.title}”, issued {checked.issued} by {issuer}"
    if result.trusted:
        say(f"Verified: {what}.")
    else:
        say(f"Verified, but the issuer is unknown to you: {what}.")
    say(f"Signed by {checked.signer}, and unchanged since.")
    if checked.legacy_proof:
        say(
            "Its proof is in the form EvidenceKit wrote before it followed vc-di-eddsa exactly: "
            "EvidenceKit accepts it, other Open Badges verifiers may not."
        )
    if args.bundle is not None:
        say(f"Its evidence is {args.bundle.name}.")
    if args.email is not None:
        say(_email_sentence(args.email, result.email_match))
    digest = result.json_sha256
    say(f"Code {short_code(digest)}; SHA-256 of the credential JSON {digest}")
    if not result.trusted:
        say("To trust this evaluator's key: evidencekit keys trust FILE --role evaluator.")
    return 0


def _email_sentence(email: str, how: str | None) -> str:
    if how == "as given":
        return f"It was awarded to {email.strip()}."
    if how is not None:
        return f"It was awarded to {email.strip()} (hashed {how}, as EvidenceKit once did)."
    return f"Its holder's hashed email is not {email.strip()} (the address must be as she gave it)."


def cmd_list(args: argparse.Namespace) -> int:
    from evidencekit.cli import context
    from evidencekit.services.wallet import list_credentials

    with context.workspace(args) as ws:
        entries = list_credentials(ws)
    if args.json:
        emit_json([{**e.__dict__, "short_code": e.short_code} for e in entries])
        return 0
    if not entries:
        say("Your wallet is empty: credentials arrive with an evaluator's “earned” review.")
    for e in entries:
        say(f"#{e.id}  {e.issued[:10]}  {e.short_code}  {shown(e.title)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from evidencekit.cli import context
    from evidencekit.services.wallet import check_entry

    with context.workspace(args) as ws:
        result = check_entry(ws, args.id)
    if args.json:
        emit_json(result.__dict__)
    else:
        say(result.message)
    return 0 if result.ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    from evidencekit.cli import context
    from evidencekit.services.wallet_export import export_credential

    with context.workspace(args) as ws:
        written = export_credential(ws, args.id, args.output, args.paper)
    if args.json:
        emit_json({"file": str(written)})
    else:
        say(f"Wrote {written}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from evidencekit.cli import context
    from evidencekit.cli.identity import signer_from
    from evidencekit.services.wallet import import_credential_file

    # Without --key-file, the wallet knows you by your keyring identity and its credentials.
    holder = signer_from(args).public_key() if args.key_file or args.label != "default" else None
    with context.workspace(args) as ws:
        entry = import_credential_file(ws, args.file, holder)
    if args.json:
        emit_json({**entry.__dict__, "short_code": entry.short_code})
    else:
        say(f"Added #{entry.id} “{shown(entry.title)}” to your wallet.")
    return 0


def cmd_holder(args: argparse.Namespace) -> int:
    from evidencekit.services.holder import HolderProfile, load_profile, save_profile

    profile = load_profile()
    if args.name is not None or args.email is not None:
        profile = save_profile(
            HolderProfile(
                profile.name if args.name is None else args.name,
                profile.email if args.email is None else args.email,
            )
        )
    if args.json:
        emit_json(profile.__dict__)
    else:
        say(f"Name: {profile.name or '(not given)'}")
        say(f"Email: {profile.email or '(not given)'} (bundles carry only a salted hash of it)")
    return 0


def cmd_request_pathway(args: argparse.Namespace) -> int:
    from evidencekit.cli import context
    from evidencekit.cli.identity import signer_from
    from evidencekit.services.wallet import pathway_request

    signer = signer_from(args)
    with context.workspace(args) as ws:
        data = pathway_request(ws, args.pathway, signer)
    _write(args.output, data)
    if args.json:
        emit_json({"file": str(args.output)})
    else:
        say(f"Wrote {args.output}; send it to an evaluator.")
    return 0


def cmd_issue_pathway(args: argparse.Namespace) -> int:
    from evidencekit.cli import context
    from evidencekit.cli.identity import signer_from
    from evidencekit.services.wallet import answer_pathway_request

    signer = signer_from(args)
    with context.workspace(args) as ws:
        issued = answer_pathway_request(ws, args.request, signer, args.output)
    if args.json:
        emit_json({"file": str(args.output)})
    else:
        say(f"Issued “{shown(issued['name'])}” into {args.output}; send it back to the teacher.")
    return 0


def _write(target: Path, data: bytes) -> None:
    from evidencekit.storage.atomic_files import write_atomically

    if target.exists():
        raise EvidenceKitError(f"{target} already exists; it was kept.")
    write_atomically(target, data)

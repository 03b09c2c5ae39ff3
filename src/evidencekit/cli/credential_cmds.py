"""``evidencekit credential …``: check Open Badges credentials offline; the teacher's wallet;
pathway requests and their issuance."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidencekit.cli import context
from evidencekit.cli.commands import add_command
from evidencekit.cli.keys_cmds import identity_options, signer_from
from evidencekit.cli.output import emit_json, say
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services.holder import HolderProfile, load_profile, save_profile
from evidencekit.services.wallet import (
    answer_pathway_request,
    check_entry,
    import_credential_file,
    list_credentials,
    pathway_request,
    verify_file,
)
from evidencekit.services.wallet_export import export_credential
from evidencekit.storage.atomic_files import write_atomically


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    identity = identity_options()
    group = add_command(commands, "credential")
    sub = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    verify = sub.add_parser(
        "verify", parents=[common], help="check a credential (JSON, baked PNG or SVG) offline"
    )
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument("--bundle", type=Path, metavar="B", help="the bundle it was awarded for")
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
        "import", parents=[common], help="put a credential you were sent into your wallet"
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.set_defaults(run=cmd_import)

    holder = sub.add_parser(
        "holder", parents=[common], help="your name (for certificates) and email (hashed)"
    )
    holder.add_argument("--name")
    holder.add_argument("--email")
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
    result = verify_file(args.file, args.bundle)
    checked, document = result.checked, result.checked.document
    issuer = document["issuer"].get("name", "")
    if args.json:
        emit_json(
            {
                "ok": True,
                "title": checked.title,
                "issuer": issuer,
                "signer": checked.signer,
                "trusted": result.trusted,
                "valid_from": document.get("validFrom"),
                "valid_until": document.get("validUntil"),
                "sha256": checked.sha256,
                "short_code": checked.short_code,
                "bundle_checked": args.bundle is not None,
            }
        )
        return 0
    say(f"Verified: “{checked.title}”, issued {checked.issued} by {issuer}.")
    say(f"Signed by {checked.signer}, and unchanged since.")
    if args.bundle is not None:
        say(f"Its evidence is {args.bundle.name}.")
    say(f"Code {checked.short_code}; SHA-256 {checked.sha256}")
    if not result.trusted:
        say("Note: you have not trusted this evaluator's key (evidencekit keys trust …).")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        entries = list_credentials(ws)
    if args.json:
        emit_json([{**e.__dict__, "short_code": e.short_code} for e in entries])
        return 0
    if not entries:
        say("Your wallet is empty: credentials arrive with an evaluator's “earned” review.")
    for e in entries:
        say(f"#{e.id}  {e.issued[:10]}  {e.short_code}  {e.title}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        result = check_entry(ws, args.id)
    if args.json:
        emit_json(result.__dict__)
    else:
        say(result.message)
    return 0 if result.ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        written = export_credential(ws, args.id, args.output, args.paper)
    if args.json:
        emit_json({"file": str(written)})
    else:
        say(f"Wrote {written}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with context.workspace(args) as ws:
        entry = import_credential_file(ws, args.file)
    if args.json:
        emit_json({**entry.__dict__, "short_code": entry.short_code})
    else:
        say(f"Added #{entry.id} “{entry.title}” to your wallet.")
    return 0


def cmd_holder(args: argparse.Namespace) -> int:
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
    signer = signer_from(args)
    with context.workspace(args) as ws:
        issued = answer_pathway_request(ws, args.request, signer, args.output)
    if args.json:
        emit_json({"file": str(args.output)})
    else:
        say(f"Issued “{issued['name']}” into {args.output}; send it back to the teacher.")
    return 0


def _write(target: Path, data: bytes) -> None:
    if target.exists():
        raise EvidenceKitError(f"{target} already exists; it was kept.")
    write_atomically(target, data)

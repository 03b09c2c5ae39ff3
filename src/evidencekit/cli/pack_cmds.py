"""``evidencekit pack`` and ``evidencekit decrypt``: sealing a submission into a bundle, and
opening a bundle that was encrypted to you."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidencekit.bundle.encryption.age_files import AGE_SUFFIX, age_identity_for, decrypt_bundle
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.cli import context
from evidencekit.cli.commands import add_command
from evidencekit.cli.identity import identity_options, signer_from
from evidencekit.cli.output import TerminalProgress, emit_json, say
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services.packing import pack_submission


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    identity = identity_options()
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
                reporter=progress.reporter,
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
        decrypt_bundle(
            source, [identity], target, overwrite=args.overwrite, reporter=progress.reporter
        )
    finally:
        progress.finish()
    if args.json:
        emit_json({"bundle": str(target)})
    else:
        say(f"Decrypted into {target}. Check it with: evidencekit verify {target}")
    return 0

"""``evidencekit verify FILE...`` and ``evidencekit verify --bag DIR``."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidencekit.cli.commands import add_command
from evidencekit.cli.output import TerminalProgress, emit_json, say, shown
from evidencekit.domain.errors import EvidenceKitError


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    verify = add_command(
        commands,
        "verify",
        parents=[common],
        description="Checks each .evkit bundle's archive before extracting anything, then "
        "every BagIt manifest and checksum. With --bag, checks an unzipped bag folder.",
    )
    verify.add_argument("files", nargs="*", type=Path, metavar="FILE")
    verify.add_argument("--bag", action="append", type=Path, default=[], metavar="DIR")
    verify.set_defaults(run=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    if not args.files and not args.bag:
        raise EvidenceKitError("Name at least one bundle file, or a bag folder with --bag DIR.")
    # Imported here, not at the top: every other command starts without the reader.
    from evidencekit.bundle.verify import Verdict, verify_bag_folder
    from evidencekit.services.bundles import check_bundle

    verdicts: list[Verdict] = []
    progress = TerminalProgress()
    try:
        # The file's own SHA-256 is shown only in JSON; skipping it saves a second hash.
        verdicts += [
            check_bundle(path, reporter=progress.reporter, identify=args.json)
            for path in args.files
        ]
        verdicts += [verify_bag_folder(folder, progress.reporter) for folder in args.bag]
    finally:
        progress.finish()
    if args.json:
        emit_json({"ok": all(v.ok for v in verdicts), "results": [v.to_dict() for v in verdicts]})
    else:
        for verdict in verdicts:
            say(f"{shown(verdict.source)}: {'verified' if verdict.ok else 'REJECTED'}")
            # Entries and reasons quote the bundle (names, metadata values): shown escaped.
            for entry, reason in verdict.problems:
                say(f"  '{shown(entry)}': {shown(reason)}")
            for entry, reason in verdict.warnings:
                say(f"  warning: '{shown(entry)}': {shown(reason)}")
    return 0 if all(v.ok for v in verdicts) else 1

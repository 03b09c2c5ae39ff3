"""``evidencekit demo``: a workspace with a complete sample submission."""

from __future__ import annotations

import argparse

from evidencekit.cli import context
from evidencekit.cli.commands import add_command
from evidencekit.cli.output import TerminalProgress, emit_json, say
from evidencekit.services.demo import create_demo


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    demo = add_command(commands, "demo", parents=[common])
    demo.set_defaults(run=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    progress = TerminalProgress()
    with context.workspace(args) as ws:
        try:
            summary = create_demo(ws, progress.reporter)
        finally:
            progress.finish()
    if args.json:
        emit_json(summary.to_dict() | {"workspace": str(context.workspace_path(args))})
    else:
        say(
            f"Created demo submission {summary.submission.id} in {context.workspace_path(args)}.\n"
            f"Try: evidencekit --workspace {context.workspace_path(args)} "
            f"check --submission {summary.submission.id}"
        )
    return 0

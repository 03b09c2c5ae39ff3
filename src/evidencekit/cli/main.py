"""The scriptable command line. Exit codes: 0 ok, 1 a check failed, 2 usage or input error."""

from __future__ import annotations

import argparse
import sys

from evidencekit import __version__
from evidencekit.cli import catalog_cmds, demo_cmd, submission_cmds
from evidencekit.cli.output import emit_json, warn
from evidencekit.domain.errors import CatalogError, EvidenceKitError


def build_parser() -> argparse.ArgumentParser:
    # Options every subcommand accepts, wherever they are written on the line.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print data as JSON")
    common.add_argument(
        "--workspace",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="workspace folder (default: $EVIDENCEKIT_WORKSPACE or your data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="evidencekit",
        description="Collect, check and seal micro-credential evidence. "
        "Without a command, opens the app.",
        epilog="Exit codes: 0 ok, 1 a check failed, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"EvidenceKit {__version__}")
    parser.add_argument("--workspace", metavar="DIR", help="workspace folder")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    catalog_cmds.register(commands, common)
    submission_cmds.register(commands, common)
    demo_cmd.register(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return int(args.run(args))
    except EvidenceKitError as error:
        _report(error, getattr(args, "json", False))
        return error.exit_code
    except KeyboardInterrupt:
        warn("Interrupted; nothing was changed.")
        return 130


def _report(error: EvidenceKitError, as_json: bool) -> None:
    problems = error.problems if isinstance(error, CatalogError) else []
    if as_json:
        emit_json(
            {
                "error": error.message,
                "type": type(error).__name__,
                "problems": [{"location": p.location, "message": p.message} for p in problems],
            }
        )
        return
    warn(f"evidencekit: {error.message}")
    for problem in problems:
        warn(f"  {problem}")

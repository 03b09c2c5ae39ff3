"""The scriptable command line. Exit codes: 0 ok, 1 a check failed, 2 usage or input error."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from evidencekit import __version__
from evidencekit.cli.commands import register_commands
from evidencekit.cli.parser import CommandParser

if TYPE_CHECKING:
    from evidencekit.domain.errors import EvidenceKitError

#: Exit code for a bug (not the user's input); sysexits' EX_SOFTWARE.
INTERNAL_ERROR = 70


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    """The parser for these arguments: only the command they name is defined in full."""
    # Options every subcommand accepts, wherever they are written on the line.
    common = CommandParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print data as JSON")
    common.add_argument(
        "--workspace",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="workspace folder (default: $EVIDENCEKIT_WORKSPACE or your data folder)",
    )
    parser = CommandParser(
        prog="evidencekit",
        description="Collect, check and seal micro-credential evidence. "
        "Without a command, opens the app.",
        epilog="Exit codes: 0 ok, 1 a check failed, 2 usage or input error, "
        "70 internal error (details in the crash log).",
    )
    parser.add_argument("--version", action="version", version=f"EvidenceKit {__version__}")
    parser.add_argument("--workspace", metavar="DIR", help="workspace folder")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register_commands(commands, common, argv)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    # Imported once the arguments are understood: `--version` and `--help` end in parse_args.
    from evidencekit.cli.faults import blame_the_machine, explain_fault
    from evidencekit.cli.output import warn
    from evidencekit.domain.errors import EvidenceKitError

    try:
        return int(args.run(args))
    except EvidenceKitError as error:
        error = blame_the_machine(error)
        _report(error, getattr(args, "json", False))
        return error.exit_code
    except KeyboardInterrupt:
        warn("Interrupted; nothing was changed.")
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`); stop quietly as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        fault = explain_fault(error)
        if fault is not None:
            _report(fault, getattr(args, "json", False))
            return fault.exit_code
        from evidencekit.services.crash_log import write_crash_log

        log = write_crash_log(type(error), error, error.__traceback__)
        warn(
            "evidencekit: an internal error stopped this command; your saved work is safe. "
            f"Details for a bug report are in {log}"
        )
        return INTERNAL_ERROR


def _report(error: EvidenceKitError, as_json: bool) -> None:
    from evidencekit.cli.output import emit_json, warn
    from evidencekit.domain.errors import CatalogError

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

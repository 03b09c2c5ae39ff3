"""The light description of every top-level command: its name, one line of help, and the module
that defines it. The parser is built from this table so that only the module of the command
being run is imported, with its heavy libraries (video, databases, PDFs); `--help` and
`--version` import none of them."""

from __future__ import annotations

import argparse
from importlib import import_module
from typing import Any, NamedTuple


class Command(NamedTuple):
    name: str
    module: str
    help: str
    # Its module also defines in full only the subcommand being run (register gets argv).
    lazy_actions: bool = False


COMMANDS: tuple[Command, ...] = (
    Command("catalog", "catalog_cmds", "credentials you can earn"),
    Command("submission", "submission_cmds", "your submissions"),
    Command("evidence", "submission_cmds", "files attached to slots"),
    Command("essay", "submission_cmds", "essays and reflections"),
    Command("answer", "submission_cmds", "short answers"),
    Command("attest", "submission_cmds", "confirm an attestation"),
    Command("check", "submission_cmds", "preflight: exit 0 when nothing blocks, 1 otherwise"),
    Command("demo", "demo_cmd", "create a complete sample submission to explore"),
    Command("media", "media_cmds", "video files", lazy_actions=True),
    Command("verify", "verify_cmd", "check bundles before trusting them (exit 1 if any fails)"),
    Command("keys", "keys_cmds", "your signing identity and the keys you trust"),
    Command("pack", "pack_cmds", "seal a submission into a .evkit bundle"),
    Command("decrypt", "pack_cmds", "open a bundle that was encrypted to you (.evkit.age)"),
    Command(
        "review", "review_cmds", "review a bundle, take a review in, and the shared review centre"
    ),
    Command("credential", "credential_cmds", "Open Badges credentials: check, wallet"),
)
_BY_NAME = {command.name: command for command in COMMANDS}


def add_command(
    commands: argparse._SubParsersAction, name: str, **options: Any
) -> argparse.ArgumentParser:
    """Add the top-level command `name` with the help line the table gives it."""
    return commands.add_parser(name, help=_BY_NAME[name].help, **options)


def chosen_command(argv: list[str]) -> Command | None:
    """The command the arguments name: the first word that is not an option or its value."""
    rest = iter(argv)
    for token in rest:
        if token == "--workspace":
            next(rest, None)
        elif token == "--":
            return _BY_NAME.get(next(rest, ""))
        elif not token.startswith("-"):
            return _BY_NAME.get(token)
    return None


def register_commands(
    commands: argparse._SubParsersAction, common: argparse.ArgumentParser, argv: list[str]
) -> None:
    """Fully define the chosen command (importing its module). Without one, every command is
    a stub that only shows in the list of commands; with one, the others are never parsed
    or listed, so they are left out (each parser costs start-up time)."""
    chosen = chosen_command(argv)
    if chosen is not None:
        module = import_module(f"evidencekit.cli.{chosen.module}")
        module.register(commands, common, *([argv] if chosen.lazy_actions else []))
        return
    for command in COMMANDS:
        if command.name not in commands.choices:
            commands.add_parser(command.name, help=command.help)

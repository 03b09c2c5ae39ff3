"""The README's command reference names every command the CLI has, so it cannot go stale."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

from evidencekit.cli.commands import COMMANDS
from evidencekit.cli.main import build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def _subcommands(parser: argparse.ArgumentParser, words: list[str]) -> Iterator[str]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not actions:
        yield " ".join(words)
        return
    for name, child in actions[0].choices.items():
        yield from _subcommands(child, [*words, name])


def every_command() -> list[str]:
    found: list[str] = []
    for command in COMMANDS:
        parser = build_parser([command.name])
        [top] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        found += _subcommands(top.choices[command.name], [command.name])
    return found


def test_every_command_is_in_the_readme() -> None:
    commands = every_command()
    assert len(commands) > 40
    missing = [c for c in commands if not re.search(rf"evidencekit {re.escape(c)}\b", README)]
    assert missing == [], f"add these to the README's command list: {missing}"

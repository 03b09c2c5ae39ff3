"""The command line's parser class: help laid out exactly as argparse's own, without
argparse asking shutil for the terminal's width for every argument."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from evidencekit.cli.parser import CommandParser


def _described(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``parser`` with arguments, options and a subcommand; the subcommand's parser kept."""
    parser.add_argument("file", metavar="IN", help="the clip to cut, any format the camera wrote")
    parser.add_argument("--start", required=True, metavar="S", help="in point: seconds or m:ss")
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    parser.set_defaults(
        trim=sub.add_parser("trim", help="keep the stretch between two times (lossless if it can)")
    )
    return parser


@pytest.mark.parametrize("columns", ["44", "120", None])
def test_help_is_laid_out_as_argparse_lays_it_out(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)  # no terminal here: 80, as shutil says
    else:
        monkeypatch.setenv("COLUMNS", columns)
    ours = _described(CommandParser(prog="evidencekit media"))
    theirs = _described(argparse.ArgumentParser(prog="evidencekit media"))
    assert ours.format_help() == theirs.format_help()
    # A subcommand's parser is made of its parent's class, so it lays out help the same way.
    assert isinstance(ours.get_default("trim"), CommandParser)


def test_parsing_a_trim_does_not_import_shutil() -> None:
    code = (
        "import sys; from evidencekit.cli.main import build_parser; "
        "argv = ['media', 'trim', 'a.mp4', '--start', '1', '--end', '2', '-o', 'b.mp4']; "
        "build_parser(argv).parse_args(argv); print('shutil' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.strip() == "False"

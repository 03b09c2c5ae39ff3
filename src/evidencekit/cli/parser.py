"""The command line's parser: argparse's own, finding the terminal's width without shutil.

argparse makes a help formatter for every argument it is given (to check the
argument's metavar), and each formatter asks shutil for the terminal's width:
shutil, and bz2 and lzma with it, are imported and the terminal asked some fifty
times before any command runs, for help that is rarely printed. These formatters
ask the same way, with os alone. Subparsers are made of the class of the parser
they belong to, so every command's parser is one of these.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

_FALLBACK_COLUMNS = 80  # as shutil.get_terminal_size


def _terminal_columns() -> int:
    """shutil.get_terminal_size's width: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    if stdout is None:  # a windowed app has no standard output
        return _FALLBACK_COLUMNS
    try:
        return os.get_terminal_size(stdout.fileno()).columns or _FALLBACK_COLUMNS
    except (AttributeError, ValueError, OSError):
        return _FALLBACK_COLUMNS


class _Formatter(argparse.HelpFormatter):
    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # argparse's own default: the terminal's width less two.
        width = _terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class CommandParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

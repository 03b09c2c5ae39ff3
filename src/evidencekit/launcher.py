"""The ``evidencekit`` command: the GUI without a subcommand, the CLI with one.

This sits above both front ends so neither imports the other.
"""

from __future__ import annotations

import sys

_GUI_FLAGS_WITH_VALUE = ("--workspace",)
_GUI_FLAGS = ("--self-test",)


def wants_gui(argv: list[str]) -> bool:
    """True when the arguments only choose a workspace or ask for the self-test."""
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token in _GUI_FLAGS:
            continue
        if token in _GUI_FLAGS_WITH_VALUE and rest:
            rest.pop(0)
            continue
        if any(token.startswith(flag + "=") for flag in _GUI_FLAGS_WITH_VALUE):
            continue
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if wants_gui(args):
        from evidencekit.gui.app import main as gui_main

        return gui_main(args)
    from evidencekit.cli.main import main as cli_main

    code = cli_main(args)
    if argv is None:  # the command line's own process, which now ends
        import gc

        # The command closed its files; the interpreter's last collection would walk every
        # object left (about 10 ms once PyAV is loaded, 7% of a trim), frozen ones it skips.
        gc.freeze()
    return code

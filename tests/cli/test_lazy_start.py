"""A command imports only what it needs: `--version` and `--help` start like a small tool, and a
bundle check or a catalog listing never pays for video, PDFs or Qt."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import evidencekit
from evidencekit.cli.commands import COMMANDS, chosen_command
from evidencekit.cli.main import build_parser

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("cv2", "numpy", "av", "reportlab", "PySide6", "sqlalchemy")

# Runs the command in a fresh interpreter, then reports which heavy libraries it loaded.
PROBE = """
import json, sys
from evidencekit.launcher import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
heavy = {heavy!r}
print(json.dumps({{"code": code, "loaded": [m for m in heavy if m in sys.modules]}}),
      file=sys.stderr)
"""


def _loaded(args: list[str], cwd: Path) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], report["loaded"]


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["--version"], set()),
        (["--help"], set()),
        (["verify", "--help"], set()),
        (["media", "--help"], set()),
        (["verify", "truncated.evkit"], set()),
        (["verify", "--bag", "no-such-folder"], set()),
        # The listing includes catalogs imported into the workspace, which live in its database.
        (["catalog", "list"], {"sqlalchemy"}),
    ],
)
def test_a_command_loads_only_what_it_needs(
    args: list[str], allowed: set[str], tmp_path: Path
) -> None:
    (tmp_path / "truncated.evkit").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)
    code, loaded = _loaded(args, tmp_path)
    assert code in (0, 1), f"{args} exited {code}"
    assert set(loaded) <= allowed, f"{args} loaded {sorted(set(loaded) - allowed)}"


def test_every_command_in_the_table_is_defined_by_its_module() -> None:
    for command in COMMANDS:
        parser = build_parser([command.name])
        subparsers = next(a for a in parser._actions if a.dest == "command")
        real = subparsers.choices[command.name]
        # A stub has no arguments but -h; every real command has actions or options of its own.
        assert len(real._actions) > 1, f"{command.name} is still a stub"


def test_a_module_defines_exactly_the_commands_the_table_gives_it() -> None:
    # Choosing a command imports only its module, so the parser then holds that module's
    # commands and nothing else: a module named after `pack` must not also define `keys`.
    for command in COMMANDS:
        parser = build_parser([command.name])
        defined = set(next(a for a in parser._actions if a.dest == "command").choices)
        assert defined == {c.name for c in COMMANDS if c.module == command.module}, command


def test_help_lists_every_command() -> None:
    text = build_parser([]).format_help()
    for command in COMMANDS:
        assert command.name in text


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["verify", "x.evkit"], "verify"),
        (["--workspace", "verify", "catalog", "list"], "catalog"),
        (["--json", "media", "info", "a.mp4"], "media"),
        (["--", "pack"], "pack"),
        (["nonsense"], None),
        ([], None),
    ],
)
def test_the_chosen_command_is_the_first_word_that_is_not_an_option(
    argv: list[str], name: str | None
) -> None:
    chosen = chosen_command(argv)
    assert (chosen.name if chosen else None) == name


def test_an_unknown_command_is_refused_with_the_list_of_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        build_parser(["nonsense"]).parse_args(["nonsense"])
    assert stop.value.code == 2
    assert "invalid choice: 'nonsense'" in capsys.readouterr().err


def test_the_version_is_the_one_pyproject_declares() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert evidencekit.__version__ == project["version"]


def test_normalize_help_names_the_preset_the_normalizer_uses() -> None:
    from evidencekit.media.editing.normalize import DEFAULT_PRESET

    parser = build_parser(["media", "normalize"])
    media = next(a for a in parser._actions if a.dest == "command").choices["media"]
    normalize = next(a for a in media._actions if a.dest == "action").choices["normalize"]
    assert f"(default: {DEFAULT_PRESET})" in normalize.format_help()

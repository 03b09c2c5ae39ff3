from __future__ import annotations

import pytest

from evidencekit.launcher import wants_gui


@pytest.mark.parametrize(
    ("argv", "gui"),
    [
        ([], True),
        (["--workspace", "/tmp/w"], True),
        (["--workspace=/tmp/w"], True),
        (["--self-test"], True),
        (["--workspace", "/tmp/w", "--self-test"], True),
        (["--version"], False),
        (["--help"], False),
        (["check", "--submission", "1"], False),
        (["--workspace", "/tmp/w", "check", "--submission", "1"], False),
        (["--workspace"], False),  # missing value: let the CLI explain the usage error
    ],
)
def test_gui_only_without_a_command(argv: list[str], gui: bool) -> None:
    assert wants_gui(argv) is gui

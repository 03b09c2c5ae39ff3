from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from evidencekit.cli.main import main
from tests.conftest import copy_demo


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Run = Callable[..., Result]


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    return tmp_path / "ws"


@pytest.fixture
def demo_ws(ws_path: Path, demo_template: Path) -> Path:
    """The test's workspace, holding a copy of the demo submission (number 1)."""
    return copy_demo(demo_template, ws_path)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], ws_path: Path) -> Run:
    """Run the CLI in-process against the test's workspace."""

    def invoke(*args: str | Path) -> Result:
        code = main(["--workspace", str(ws_path), *map(str, args)])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke

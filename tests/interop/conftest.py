"""The CLI fixtures: interop tests drive EvidenceKit as a user would."""

from tests.cli.conftest import run, ws_path

__all__ = ["run", "ws_path"]

"""What every command needs: the parsed arguments and the open workspace."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evidencekit.storage.locations import database_url_from_env, default_workspace_path
from evidencekit.storage.workspace import Workspace, open_workspace


def workspace_path(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "workspace", None)
    return (Path(chosen) if chosen else default_workspace_path()).expanduser().resolve()


@contextmanager
def workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    ws = open_workspace(workspace_path(args), database_url_from_env())
    try:
        yield ws
    finally:
        ws.close()

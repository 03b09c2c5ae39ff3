"""What every command needs: the parsed arguments and the open workspace."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.storage.locations import database_url_from_env, default_workspace_path
from evidencekit.storage.workspace import Workspace, open_workspace


def workspace_path(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "workspace", None)
    return (Path(chosen) if chosen else default_workspace_path()).expanduser().resolve()


@contextmanager
def workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The open workspace; a fault of the machine inside the block names the workspace."""
    ws = open_workspace(workspace_path(args), database_url_from_env())
    try:
        yield ws
    except EvidenceKitError:
        raise
    except Exception as error:
        from evidencekit.storage.faults import explain

        fault = explain(error, ws.path, ws.path)
        if fault is None:
            raise
        raise fault from error
    finally:
        ws.close()

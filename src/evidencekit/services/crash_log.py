"""Where a bug's traceback is kept, for the CLI and the app alike."""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_path

from evidencekit import __version__


def write_crash_log(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> Path:
    """Append one dated traceback to the user's crash log and return its path."""
    folder = user_log_path("EvidenceKit", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "crash.log"
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"--- EvidenceKit {__version__}, {datetime.now(UTC).isoformat()}\n")
        handle.write("".join(traceback.format_exception(kind, error, trace)))
    return log

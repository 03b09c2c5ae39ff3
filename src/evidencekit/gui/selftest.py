"""``evidencekit --self-test``: prove an installed app can start and do real work."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from evidencekit.gui.main_window import MainWindow
from evidencekit.services.demo import create_demo
from evidencekit.storage.workspace import open_workspace


def _step(name: str, ok: bool, detail: str = "") -> bool:
    print(f"[{'ok' if ok else 'FAILED'}] {name}{': ' + detail if detail else ''}", flush=True)
    return ok


def run_self_test(workspace_dir: Path | None = None) -> int:
    """Open the main window on a fresh demo workspace and check what it shows."""
    with tempfile.TemporaryDirectory(prefix="evidencekit-selftest-") as scratch:
        folder = workspace_dir or Path(scratch) / "workspace"
        try:
            workspace = open_workspace(folder)
        except Exception as exc:
            _step("open workspace", False, str(exc))
            return 1
        try:
            demo = create_demo(workspace)
            window = MainWindow(workspace)
            window.show()
            QApplication.processEvents()
            checks = [
                _step("workspace opened", True, str(workspace.path)),
                _step(
                    "catalog loaded",
                    window.catalog_model.rowCount() > 0,
                    f"{window.catalog_model.rowCount()} credentials",
                ),
                _step(
                    "submissions listed",
                    window.submission_model.rowCount() >= 1,
                    f"{window.submission_model.rowCount()} submissions",
                ),
            ]
            window.select_submission(demo.submission.id)
            QApplication.processEvents()
            detail = window.detail
            checks.append(
                _step(
                    "demo submission complete",
                    detail is not None and not detail.blocking,
                    "no blocking findings" if detail and not detail.blocking else "blocked",
                )
            )
            window.close()
            return 0 if all(checks) else 1
        except Exception as exc:  # the self-test reports, it never shows a traceback
            _step("self-test", False, f"{type(exc).__name__}: {exc}")
            return 1
        finally:
            workspace.close()
            sys.stdout.flush()

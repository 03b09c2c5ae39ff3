"""Starting the desktop app: the QApplication, the workspace, the main window."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from pathlib import Path

from evidencekit import __version__

# The Qt-free core the main window needs to show the workspace, imported before Qt:
# PySide6 hooks every import made after it and reads that module's source (its
# __feature__ check), which made start-up on a large workspace about 0.4 s slower. A
# test keeps this list complete. The services that write, and SQLAlchemy behind them,
# are not in it: the window reads the workspace in plain SQL and loads them once it
# is painted (gui/deferred_imports.py).
_CORE_BEFORE_QT = (
    "evidencekit.storage.workspace",
    "evidencekit.storage.locations",
    "evidencekit.services.catalogs",
    "evidencekit.services.submission_list",
    "evidencekit.services.workspace_state",
    "evidencekit.domain.preflight",
    "evidencekit.domain.progress",
    "evidencekit.domain.redaction",
    "evidencekit.domain.text",
    "evidencekit.domain.clip_refs",
)


def load_core_before_qt() -> None:
    """The start's first step. Automatic garbage collection goes off here, for the whole
    start: the GUI thread's MainThreadCollector takes collection over once Qt is up (it
    keeps it off too). While the start creates its modules, classes and Qt types, the
    collector would only walk them again and again (some 60 passes, 10 ms, before the
    window was painted)."""
    gc.disable()
    for name in _CORE_BEFORE_QT:
        importlib.import_module(name)


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="evidencekit")
    parser.add_argument("--workspace", metavar="DIR")
    parser.add_argument("--self-test", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _parse(argv)
    if args.self_test:
        # The self-test must run on machines without a display (CI, installers).
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    load_core_before_qt()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("EvidenceKit")
    app.setApplicationName("EvidenceKit")
    app.setApplicationVersion(__version__)
    from evidencekit.gui.main_thread_gc import MainThreadCollector

    MainThreadCollector(app)  # kept alive by its parent, the application
    from evidencekit.gui.translations import install

    install(app)
    if args.self_test:
        from evidencekit.gui.selftest import run_self_test

        return run_self_test(Path(args.workspace) if args.workspace else None)
    return _run_window(app, Path(args.workspace) if args.workspace else None)


def _run_window(app: object, workspace_dir: Path | None) -> int:
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from evidencekit.gui.dialogs.crash_dialog import install_crash_handler

    install_crash_handler()
    from evidencekit.domain.errors import EvidenceKitError
    from evidencekit.gui.main_window.window import MainWindow
    from evidencekit.storage.locations import database_url_from_env, default_workspace_path
    from evidencekit.storage.workspace import open_workspace

    path = workspace_dir or default_workspace_path()
    while True:
        try:
            workspace = open_workspace(path, database_url_from_env())
            break
        except EvidenceKitError as exc:
            answer = QMessageBox.critical(
                None,
                QApplication.translate("App", "EvidenceKit"),
                exc.message
                + "\n\n"
                + QApplication.translate("App", "Choose another workspace folder?"),
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            )
            if answer != QMessageBox.StandardButton.Open:
                return 2
            chosen = QFileDialog.getExistingDirectory(
                None, QApplication.translate("App", "Choose a workspace folder")
            )
            if not chosen:
                return 2
            path = Path(chosen)
    from evidencekit.gui.theme import apply_saved_theme

    apply_saved_theme()  # before the window exists, so no widget is styled twice
    window = MainWindow(workspace)
    window.show()
    try:
        return QApplication.exec()
    finally:
        from evidencekit.gui.runner import operations

        operations().finish_all()  # a cancelled worker may still be in the database
        window.workspace.close()  # the window may have switched to another workspace

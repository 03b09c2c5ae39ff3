"""What the main window's helpers see of it: its state, its panes and what they ask of it.

The menus, the work pane (``SlotWork``, ``ClipWork``), starting a submission and the
bundle actions are written against ``WindowShell``, not ``MainWindow``. ``MainWindow``
builds on it and imports them; they import only this module, so no import runs in a
circle between the window and its helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from evidencekit.gui.runner import Operation, Work

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCheckBox, QTabWidget, QTreeView

    from evidencekit.domain.catalog import Catalog
    from evidencekit.gui.models.evidence_model import EvidenceTableModel
    from evidencekit.gui.models.items import CatalogModel, SubmissionTableModel
    from evidencekit.gui.work.checklist import ChecklistView
    from evidencekit.gui.work.slot_panel import SlotPanel
    from evidencekit.services.submissions import SubmissionDetail
    from evidencekit.services.workspace_state import WorkspaceState
    from evidencekit.storage.workspace import Workspace


class WindowShell(QMainWindow):
    """The window as its helpers use it. ``MainWindow`` sets every attribute below and
    gives the methods that say "MainWindow" their body."""

    # What every view reads, and the submission shown (typed text included).
    state: WorkspaceState
    detail: SubmissionDetail | None
    # The panes, built by MainWindow.
    tabs: QTabWidget
    catalog_view: QTreeView
    catalog_model: CatalogModel
    submission_model: SubmissionTableModel
    checklist: ChecklistView
    slot_panel: SlotPanel
    evidence_model: EvidenceTableModel
    all_evidence: QCheckBox
    # Built by window_menus.build_menus.
    new_action: QAction
    open_action: QAction
    demo_action: QAction
    refresh_action: QAction
    quit_action: QAction
    overview_action: QAction
    about_action: QAction
    seal_action: QAction
    ask_coach_action: QAction
    check_action: QAction
    review_action: QAction
    coach_action: QAction
    issue_pathway_action: QAction
    feedback_action: QAction
    find_action: QAction
    recent_menu: QMenu

    @property
    def workspace(self) -> Workspace:
        return self.state.workspace

    @property
    def catalog(self) -> Catalog:
        return self.state.catalog

    def run(
        self,
        title: str,
        work: Work,
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Long work off the GUI thread, with progress and Cancel; ``operations()`` owns it."""
        Operation(self, title, work, on_result, on_error)

    # -- what the helpers ask of the window (MainWindow does it) ---------------------

    def select_submission(self, submission_id: int) -> None:
        raise NotImplementedError("MainWindow")

    def show_detail(self, detail: SubmissionDetail) -> None:
        raise NotImplementedError("MainWindow")

    def after_item_change(self, evidence_id: int | None) -> None:
        """A file of the open requirement was added or changed (``evidence_id``, if one)."""
        raise NotImplementedError("MainWindow")

    def refresh(self) -> None:
        raise NotImplementedError("MainWindow")

    def show_credential(self, credential_id: str | None = None) -> object:
        raise NotImplementedError("MainWindow")

    def focus_filter(self) -> None:
        raise NotImplementedError("MainWindow")

    def choose_workspace(self) -> None:
        raise NotImplementedError("MainWindow")

"""The main window: navigation, the live checklist, the evidence list and the work pane.

Work tab: credentials and submissions on the left, the selected submission's
checklist and evidence in the middle, the chosen requirement's editor or files
on the right (their widgets: ``work_tab``). The other views sit in tabs beside it
(``view_tabs``); the menus are in ``window_menus``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QModelIndex, QRegularExpression, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QFileDialog, QStackedWidget, QTabWidget

from evidencekit.domain.catalog import Credential
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.progress import Standing
from evidencekit.gui.deferred_imports import deferred, load_deferred
from evidencekit.gui.main_window import work_tab
from evidencekit.gui.main_window.screen_fit import fit_on_screen, tab_through
from evidencekit.gui.main_window.shell import WindowShell
from evidencekit.gui.main_window.submission_start import start_credential
from evidencekit.gui.main_window.view_tabs import add_view_tabs
from evidencekit.gui.main_window.window_menus import build_menus
from evidencekit.gui.models.evidence_model import EvidenceFilterProxy, EvidenceTableModel
from evidencekit.gui.models.items import CatalogModel, SubmissionTableModel
from evidencekit.gui.recent import recent_workspaces, remember_workspace
from evidencekit.gui.runner import operations, show_error
from evidencekit.gui.standing_text import describe
from evidencekit.gui.work.checklist import ChecklistView
from evidencekit.gui.work.clip_work import ClipWork
from evidencekit.gui.work.slot_panel import SlotPanel
from evidencekit.gui.work.slot_work import SlotWork
from evidencekit.services.workspace_state import Changes, WorkspaceState, standing_of
from evidencekit.storage.locations import database_url_from_env
from evidencekit.storage.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from evidencekit.gui.bundle_actions import BundleActions
    from evidencekit.gui.views.credential_overview import CredentialOverview
    from evidencekit.gui.views.dashboard import DashboardView
    from evidencekit.gui.views.people_view import PeopleView
    from evidencekit.gui.views.reviews_view import ReviewsView
    from evidencekit.gui.views.roster_view import RosterView
    from evidencekit.gui.views.wallet_view import WalletView
    from evidencekit.gui.views.welcome import WelcomePage
    from evidencekit.services import feedback
    from evidencekit.services.feedback import CriterionFeedback
    from evidencekit.services.submissions import SubmissionDetail
else:  # loaded behind the first paint (they need the ORM); the window reads in plain SQL
    feedback = deferred("evidencekit.services.feedback")

#: How often the window looks for changes another process made to its workspace.
OUTSIDE_CHANGE_POLL_MS = 2000


class MainWindow(WindowShell):
    #: Once, right after the first paint put the workspace on screen, before the services
    #: that write (and SQLAlchemy) load.
    firstPainted = Signal()

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        # What every view reads; operations announce what they changed through it.
        self.state = WorkspaceState(workspace)
        self.detail = None  # as shown, typed text included
        self._feedback: list[CriterionFeedback] = []  # of the shown submission, newest review
        self._fitted = False
        self._painted = False
        self.setObjectName("MainWindow")

        # Made in the order Tab visits them.
        self.catalog_model = CatalogModel(self)
        self.catalog_view = work_tab.catalog_tree(self, self.catalog_model)
        self.submission_model = SubmissionTableModel(self)
        self.submission_proxy = work_tab.submissions_of_credential(self, self.submission_model)
        self.submission_view = work_tab.submission_table(self, self.submission_proxy)
        self.detail_title = work_tab.detail_heading(self)
        self.checklist = ChecklistView(self)
        self.evidence_model = EvidenceTableModel(self)
        self.evidence_proxy = EvidenceFilterProxy(self)
        self.evidence_proxy.setSourceModel(self.evidence_model)
        self.evidence_view = work_tab.evidence_table(self, self.evidence_proxy)
        self.evidence_filter = work_tab.evidence_filter(self)
        self.all_evidence = work_tab.all_evidence_box(self)
        self.slot_panel = SlotPanel(self)

        self._welcome: WelcomePage | None = None
        self.work = SlotWork(self)
        self._bundles: BundleActions | None = None
        self.clips = ClipWork(self)
        self._layout_tabs()
        build_menus(self, lambda: self.bundles)
        self._fill_recent_menu()
        self._connect()
        self.catalog_model.set_catalog(self.catalog)
        self.catalog_view.expandAll()
        self.state.subscribe(self._state_changed)  # the Work tab first: it holds the detail
        self.work.follow(self.state)
        self._show_submissions()
        self._restore_layout()
        self._show_workspace_name()
        # Another process (the command line, a second window) may change the workspace:
        # look every two seconds and when the window is activated (docs/concurrency-and-faults).
        self._outside = QTimer(self)
        self._outside.setInterval(OUTSIDE_CHANGE_POLL_MS)
        self._outside.timeout.connect(lambda: self.reload_if_changed_elsewhere())
        self._outside.start()
        self.workspace.changed_elsewhere()  # the version this window starts from

    # -- layout ----------------------------------------------------------------------

    def _layout_tabs(self) -> None:
        self.splitter = work_tab.work_splitter(
            self,
            (self.catalog_view, self.submission_view),
            (self.detail_title, self.checklist),
            (self.evidence_filter, self.all_evidence, self.evidence_view),
            self.slot_panel,
        )
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Views"))
        self.tabs.setDocumentMode(True)
        # A workspace with no submission opens on the welcome page instead of empty panes.
        self.work_stack = QStackedWidget(self)
        self.work_stack.addWidget(self.splitter)
        self.tabs.addTab(self.work_stack, self.tr("&Work"))
        self.lazy_tabs = add_view_tabs(self, self.open_submission, lambda: self.bundles)
        self.setCentralWidget(self.tabs)

    @property
    def welcome(self) -> WelcomePage:
        """The first-run page, built only when a workspace without submissions is shown."""
        if self._welcome is None:
            from evidencekit.gui.views.welcome import WelcomePage

            self._welcome = WelcomePage(self)
            self._welcome.startRequested.connect(lambda cid: start_credential(self, cid))
            self._welcome.overviewRequested.connect(self.show_credential)
            self._welcome.show_catalog(self.catalog)
            self.work_stack.addWidget(self._welcome)
        return self._welcome

    @property
    def bundles(self) -> BundleActions:
        """Sealing, checking and reviewing bundles, built when first asked for: the key and
        bundle libraries behind them are not needed to show the workspace."""
        if self._bundles is None:
            from evidencekit.gui.bundle_actions import BundleActions

            self._bundles = BundleActions(self)
        return self._bundles

    @property
    def dashboard(self) -> DashboardView:
        return cast("DashboardView", self.lazy_tabs.view("dashboard"))

    @property
    def roster_view(self) -> RosterView:
        return cast("RosterView", self.lazy_tabs.view("roster"))

    @property
    def wallet_view(self) -> WalletView:
        return cast("WalletView", self.lazy_tabs.view("wallet"))

    @property
    def people_view(self) -> PeopleView:
        return cast("PeopleView", self.lazy_tabs.view("people"))

    @property
    def reviews_view(self) -> ReviewsView:
        return cast("ReviewsView", self.lazy_tabs.view("reviews"))

    def _connect(self) -> None:
        # Filter on selection, not the current index: a tree view makes its first row
        # current when shown, and the list must start with every submission.
        self.catalog_view.selectionModel().selectionChanged.connect(self._filter_by_credential)
        self.submission_view.selectionModel().currentRowChanged.connect(self._show_selected)
        self.evidence_filter.textChanged.connect(self.evidence_proxy.set_text)
        self.all_evidence.toggled.connect(self._evidence_scope)
        self.evidence_view.selectionModel().currentRowChanged.connect(self._evidence_chosen)
        self.checklist.slotSelected.connect(self.work.open_slot)
        self.catalog_view.activated.connect(lambda _index: self.show_credential())
        self.tabs.currentChanged.connect(self._tab_changed)
        self.work.connect_panel(self.slot_panel)
        self.clips.connect_panel(self.slot_panel)
        # Tab goes from the checklist straight to the requirement she chose, then on to
        # the evidence list (which would otherwise come first and open its first item).
        self._order_pane()
        self.slot_panel.grew.connect(self._order_pane)  # its parts are built when first used

    def _order_pane(self) -> None:
        tab_through(self.checklist, self.slot_panel, self.evidence_filter)

    # -- data ------------------------------------------------------------------------

    def after_item_change(self, evidence_id: int | None) -> None:
        self.work.after_item_change(evidence_id)

    def refresh(self) -> None:
        """Read everything again (File ▸ Refresh, or another process changed it)."""
        self.state.apply(Changes.everything())

    def _state_changed(self, changes: Changes) -> None:
        """The Work tab's share of a change: the list, the header, checklist and evidence."""
        if changes.progress:  # a title, a count or where one stands
            self._show_submissions()
        shown = self.detail.submission.id if self.detail else None
        if changes.touches(shown):
            assert shown is not None
            if changes.reviews:
                self._feedback = feedback.latest_criteria_feedback(self.workspace, shown)
            try:
                self.show_detail(self.state.detail(shown))
            except Exception as exc:
                show_error(self, exc)
                return
        if changes.evidence or changes.submissions:
            self.work.reload_evidence_list(shown)

    def _show_submissions(self) -> None:
        rows = self.state.submissions()
        standings = {s.submission.id: self._standing(s.submission.id) for s in rows}
        self.submission_model.set_standings(standings)
        if [s.submission.id for s in rows] == self.submission_model.ids():
            for summary in rows:  # in place: the selection and the open requirement stay
                self.submission_model.update_row(summary)
        else:
            selected = self.detail.submission.id if self.detail else None
            self.submission_model.set_rows(rows)
            if selected is not None:
                self.select_submission(selected)
        count = len(rows)
        self.statusBar().showMessage(self.tr("%n submissions", "", count))
        self.work_stack.setCurrentWidget(self.splitter if count else self.welcome)

    def _standing(self, submission_id: int) -> Standing | None:
        try:
            return standing_of(self.state.detail(submission_id))
        except EvidenceKitError:
            return None  # its credential left the catalog: the list says so already

    def show_detail(self, detail: SubmissionDetail) -> None:
        """Show checklist statuses for ``detail`` (also for unsaved text, while typing)."""
        self.detail = detail
        standing = standing_of(detail)
        from html import escape  # not needed for the first paint, which shows no detail

        title = escape(detail.submission.title)
        self.detail_title.setText(f"<b>{title}</b> — {describe(standing)}")
        # The list says the same while she types (the dashboard catches up on save).
        self.submission_model.show_standing(detail.submission.id, standing)
        self.checklist.show_detail(detail, self._feedback)
        self.slot_panel.show_detail(detail)

    def select_submission(self, submission_id: int) -> None:
        for row in range(self.submission_proxy.rowCount()):
            index = self.submission_proxy.index(row, 0)
            if index.data(SubmissionTableModel.SubmissionIdRole) == submission_id:
                self.submission_view.setCurrentIndex(index)
                return

    def open_submission(self, submission_id: int) -> None:
        self.catalog_view.clearSelection()
        self.tabs.setCurrentIndex(0)
        self.select_submission(submission_id)

    def show_credential(self, credential_id: str | None = None) -> CredentialOverview | None:
        """What a credential asks: the one given, else the one chosen or being worked on."""
        credential = self.catalog.get(credential_id) if credential_id else None
        if credential is None:
            index = self.catalog_view.currentIndex()
            if index.isValid() and index.parent().isValid():
                index = index.parent()
            item = self.catalog_model.item(index) if index.isValid() else None
            credential = item if isinstance(item, Credential) else None
        if credential is None and self.detail is not None:
            credential = self.detail.credential
        if credential is None:
            credential = next(iter(self.catalog.latest()), None)
        if credential is None:
            return None
        from evidencekit.gui.views.credential_overview import CredentialOverview

        overview = CredentialOverview(credential, self)
        overview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        overview.show()
        return overview

    # -- selection -------------------------------------------------------------------

    def _filter_by_credential(self) -> None:
        selected = self.catalog_view.selectionModel().selectedIndexes()
        index = selected[0] if selected else QModelIndex()
        if index.isValid() and index.parent().isValid():
            index = index.parent()
        credential_id = index.data(CatalogModel.CredentialRole) if index.isValid() else ""
        pattern = f"^{QRegularExpression.escape(credential_id)}$" if credential_id else ""
        self.submission_proxy.setFilterRegularExpression(pattern)

    def _show_selected(self) -> None:
        self.slot_panel.flush_text()
        index = self.submission_view.currentIndex()
        if not index.isValid():
            self.detail = None
            self.checklist.show_detail(None)
            self.slot_panel.show_placeholder()
            return
        submission_id = index.data(SubmissionTableModel.SubmissionIdRole)
        try:
            detail = self.state.detail(submission_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.slot_panel.show_placeholder()
        self._feedback = feedback.latest_criteria_feedback(self.workspace, submission_id)
        self.show_detail(detail)
        if not self.evidence_model.holds_everything:
            self.work.reload_evidence_list(submission_id)
        self._evidence_scope()

    def _evidence_scope(self) -> None:
        everyone = self.all_evidence.isChecked()
        if everyone and not self.evidence_model.holds_everything:
            self.work.reload_evidence_list()
        if everyone or self.detail is None:
            self.evidence_proxy.set_submission(None)
        else:
            self.evidence_proxy.set_submission(self.detail.submission.id)

    def _evidence_chosen(self, current: QModelIndex) -> None:
        if not current.isValid():
            return
        submission_id = current.data(EvidenceTableModel.SubmissionIdRole)
        evidence_id = current.data(EvidenceTableModel.EvidenceIdRole)
        slot_id = current.data(EvidenceTableModel.SlotIdRole)
        if self.detail is None or self.detail.submission.id != submission_id:
            self.select_submission(submission_id)
        self.work.show_evidence(slot_id, evidence_id)

    def focus_filter(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.evidence_filter.setFocus()
        self.evidence_filter.selectAll()

    def _tab_changed(self) -> None:
        self.slot_panel.flush_text()  # what she typed counts on the tab she turns to

    # -- workspaces ------------------------------------------------------------------

    def _show_workspace_name(self) -> None:
        self.setWindowTitle(self.tr("EvidenceKit — {path}").format(path=self.workspace.path))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in recent_workspaces():
            act = self.recent_menu.addAction(str(path))
            act.triggered.connect(lambda _=False, p=path: self.switch_workspace(p))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    def choose_workspace(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Open a workspace folder"))
        if chosen:
            self.switch_workspace(Path(chosen))

    def switch_workspace(self, path: Path) -> None:
        if path == self.workspace.path:
            return
        self.slot_panel.flush_text()
        try:
            workspace = open_workspace(path, database_url_from_env())
        except Exception as exc:
            show_error(self, exc)
            return
        old = self.workspace
        remember_workspace(old.path)
        operations().finish_all()  # no worker may still be using the old one
        old.close()
        self.detail = None
        self.slot_panel.show_placeholder()
        self.checklist.show_detail(None)
        self.state.switch(workspace)
        self.catalog_model.set_catalog(self.catalog)
        if self._welcome is not None:
            self._welcome.show_catalog(self.catalog)
        self.catalog_view.expandAll()
        self._show_workspace_name()
        remember_workspace(workspace.path)
        self._fill_recent_menu()
        self.clips.offer_recovery()

    # -- window state ----------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)
        fit_on_screen(self)
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        splitter = settings.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:  # the frame's size is known only once shown
            self._fitted = True
            fit_on_screen(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            # The services that write, and SQLAlchemy, load once the workspace is on screen.
            self._painted = True
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.firstPainted.emit()
        load_deferred()
        # Once the window is up: recordings a crash interrupted are offered back.
        self.clips.offer_recovery()

    def reload_if_changed_elsewhere(self) -> None:
        """Reload what the window shows when another process committed a change. Words
        being typed are kept: the reload waits until the editor has saved them (the other
        process's text stays in the slot's history)."""
        if self.slot_panel.text_unsaved:
            return  # looked at again on the next tick, once autosave has run
        if self.workspace.changed_elsewhere():
            slot = self.slot_panel.slot
            self.refresh()
            self._show_selected()  # the open submission as it now stands
            if slot is not None and self.detail is not None:
                self.work.open_slot(slot.id)  # and the requirement she had open

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.reload_if_changed_elsewhere()
        # Light/dark switched in the system: status colours follow the new palette.
        if event.type() == QEvent.Type.PaletteChange and self.detail is not None:
            self.checklist.show_detail(None)
            self.show_detail(self.detail)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.slot_panel.flush_text()
        operations().cancel_all()  # every running operation, not only the last one started
        remember_workspace(self.workspace.path)  # written at close: start-up stays quick
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/splitter", self.splitter.saveState())
        super().closeEvent(event)

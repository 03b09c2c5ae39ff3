"""The main window: credentials, submissions, and the selected submission's checklist."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRegularExpression, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.catalog import Catalog, Credential, Unit
from evidencekit.gui.checklist import ChecklistView
from evidencekit.gui.dialogs import NewSubmissionDialog, show_about
from evidencekit.gui.models import CatalogModel, SubmissionTableModel
from evidencekit.gui.runner import Operation, show_error
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.services.demo import create_demo
from evidencekit.services.feedback import latest_criteria_feedback
from evidencekit.services.submissions import (
    SubmissionDetail,
    create_submission,
    list_submissions,
    submission_detail,
)
from evidencekit.storage.workspace import Workspace


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.catalog: Catalog = workspace_catalog(workspace)
        self.detail: SubmissionDetail | None = None
        self._operation: Operation | None = None
        self.setWindowTitle(self.tr("EvidenceKit — {path}").format(path=workspace.path))
        self.setObjectName("MainWindow")

        self.catalog_model = CatalogModel(self)
        self.catalog_view = QTreeView(self)
        self.catalog_view.setModel(self.catalog_model)
        self.catalog_view.setAccessibleName(self.tr("Credentials and units"))
        self.catalog_view.setHeaderHidden(False)

        self.submission_model = SubmissionTableModel(self)
        self.submission_proxy = QSortFilterProxyModel(self)
        self.submission_proxy.setSourceModel(self.submission_model)
        self.submission_proxy.setFilterRole(SubmissionTableModel.CredentialIdRole)
        self.submission_view = QTableView(self)
        self.submission_view.setModel(self.submission_proxy)
        self.submission_view.setAccessibleName(self.tr("Submissions"))
        self.submission_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.submission_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.submission_view.setSortingEnabled(True)
        self.submission_view.verticalHeader().hide()
        self.submission_view.setWordWrap(False)
        header = self.submission_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)  # long titles elide
        header.resizeSection(2, 150)

        self.checklist = ChecklistView(self)
        self.detail_title = QLabel(self.tr("Select a submission to see its checklist."), self)
        self.detail_title.setWordWrap(True)
        self.detail_title.setAccessibleName(self.tr("Selected submission"))
        right = QWidget(self)
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.detail_title)
        layout.addWidget(self.checklist)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.catalog_view)
        self.splitter.addWidget(self.submission_view)
        self.splitter.addWidget(right)
        self.splitter.setSizes([220, 560, 500])
        self.setCentralWidget(self.splitter)

        self._build_actions()
        # Filter on selection, not the current index: a tree view makes its first row
        # current when shown, and the list must start with every submission.
        self.catalog_view.selectionModel().selectionChanged.connect(self._filter_by_credential)
        self.submission_view.selectionModel().currentRowChanged.connect(self._show_selected)
        self.catalog_model.set_catalog(self.catalog)
        self.catalog_view.expandAll()
        self.refresh()
        self._restore_layout()

    # -- actions ---------------------------------------------------------------------

    def _build_actions(self) -> None:
        def action(text: str, shortcut: QKeySequence | str | None, slot: object) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            return act

        self.new_action = action(
            self.tr("&New submission…"), QKeySequence.StandardKey.New, self.new_submission
        )
        self.demo_action = action(self.tr("Add &demo submission"), None, self.add_demo)
        self.refresh_action = action(
            self.tr("&Refresh"), QKeySequence.StandardKey.Refresh, self.refresh
        )
        self.quit_action = action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.about_action = action(
            self.tr("&About EvidenceKit"), None, lambda: show_about(self, self.workspace.path)
        )
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for act in (self.new_action, self.demo_action, self.refresh_action):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.menuBar().addMenu(self.tr("&Help")).addAction(self.about_action)
        toolbar = QToolBar(self.tr("Main"), self)
        toolbar.setObjectName("MainToolbar")
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.refresh_action)
        self.addToolBar(toolbar)

    def refresh(self) -> None:
        selected = self.detail.submission.id if self.detail else None
        self.submission_model.set_rows(list_submissions(self.workspace))
        count = self.submission_model.rowCount()
        self.statusBar().showMessage(self.tr("%n submission(s)", "", count))
        if selected is not None:
            self.select_submission(selected)

    def select_submission(self, submission_id: int) -> None:
        for row in range(self.submission_proxy.rowCount()):
            index = self.submission_proxy.index(row, 0)
            if index.data(SubmissionTableModel.SubmissionIdRole) == submission_id:
                self.submission_view.setCurrentIndex(index)
                return

    def new_submission(self) -> None:
        dialog = NewSubmissionDialog(self.catalog, self)
        item = self.catalog_model.item(self.catalog_view.currentIndex())
        if isinstance(item, Credential):
            dialog.select(item.id, None)
        elif isinstance(item, Unit):
            parent = self.catalog_model.item(self.catalog_view.currentIndex().parent())
            if isinstance(parent, Credential):
                dialog.select(parent.id, item.id)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        credential_id, unit_id, title = dialog.choice()
        try:
            summary = create_submission(self.workspace, credential_id, unit_id, title)
        except Exception as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.select_submission(summary.submission.id)

    def add_demo(self) -> None:
        def finished(summary: object) -> None:
            self.refresh()
            self.select_submission(summary.submission.id)  # type: ignore[attr-defined]

        self._operation = Operation(
            self,
            self.tr("Creating the demo submission"),
            lambda progress, cancel: create_demo(self.workspace, progress, cancel),
            finished,
        )

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
        index = self.submission_view.currentIndex()
        if not index.isValid():
            self.detail = None
            self.checklist.show_detail(None)
            return
        submission_id = index.data(SubmissionTableModel.SubmissionIdRole)
        try:
            self.detail = submission_detail(self.workspace, submission_id)
        except Exception as exc:
            show_error(self, exc)
            return
        blocking = len(self.detail.blocking)
        state = (
            self.tr("Ready to pack")
            if not blocking
            else self.tr("{n} thing(s) still to do").format(n=blocking)
        )
        self.detail_title.setText(f"<b>{self.detail.submission.title}</b> — {state}")
        self.checklist.show_detail(
            self.detail, latest_criteria_feedback(self.workspace, submission_id)
        )

    # -- layout ----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        splitter = settings.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: object) -> None:
        if self._operation is not None and self._operation.running:
            self._operation.cancel()
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/splitter", self.splitter.saveState())
        super().closeEvent(event)  # type: ignore[arg-type]

"""The Work tab's tables and their layout: credentials and submissions on the left, the
checklist and evidence in the middle, the chosen requirement on the right.

Each function makes one part for the window, which keeps it as an attribute; none
needs the window itself, so this module imports nothing of it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui.models.items import SubmissionTableModel


def catalog_tree(parent: QWidget, model: QAbstractItemModel) -> QTreeView:
    view = QTreeView(parent)
    view.setModel(model)
    view.setAccessibleName(parent.tr("Credentials and units"))
    return view


def submissions_of_credential(
    parent: QWidget, model: SubmissionTableModel
) -> QSortFilterProxyModel:
    """The submissions, filtered to the credential chosen in the tree."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setFilterRole(SubmissionTableModel.CredentialIdRole)
    return proxy


def _rows_table(parent: QWidget, model: QAbstractItemModel, name: str) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
    return view


def submission_table(parent: QWidget, model: QAbstractItemModel) -> QTableView:
    view = _rows_table(parent, model, parent.tr("Submissions"))
    view.setSortingEnabled(True)
    # Long titles wrap onto a second line in a narrow pane instead of eliding.
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    # Number and status take what they need; the title gets the rest, never "D…".
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    for column in (2, 3, 4, 6):
        view.setColumnHidden(column, True)  # the tree and dashboard show these
    return view


def detail_heading(parent: QWidget) -> QLabel:
    label = QLabel(parent.tr("Select a submission to see its checklist."), parent)
    label.setWordWrap(True)
    label.setAccessibleName(parent.tr("Selected submission"))
    return label


def evidence_table(parent: QWidget, model: QAbstractItemModel) -> QTableView:
    view = _rows_table(parent, model, parent.tr("Evidence"))
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


def evidence_filter(parent: QWidget) -> QLineEdit:
    line = QLineEdit(parent)
    line.setPlaceholderText(parent.tr("Filter evidence…"))
    line.setAccessibleName(parent.tr("Filter evidence"))
    line.setClearButtonEnabled(True)
    return line


def all_evidence_box(parent: QWidget) -> QCheckBox:
    box = QCheckBox(parent.tr("All submissions"), parent)
    box.setAccessibleName(parent.tr("Show evidence of all submissions"))
    return box


def work_splitter(
    parent: QWidget,
    navigation: tuple[QWidget, QWidget],
    checklist: tuple[QWidget, QWidget],
    evidence: tuple[QWidget, QWidget, QWidget],
    requirement: QWidget,
) -> QSplitter:
    """The three panes side by side: ``navigation`` (tree, submissions) over each other,
    ``checklist`` (heading, checklist) over ``evidence`` (filter, scope box, table), and
    the chosen ``requirement``."""
    nav = QSplitter(Qt.Orientation.Vertical, parent)
    for widget in navigation:
        nav.addWidget(widget)
    nav.setSizes([260, 300])

    evidence_pane = QWidget(parent)
    box = QVBoxLayout(evidence_pane)
    box.setContentsMargins(0, 0, 0, 0)
    line, scope, table = evidence
    row = QHBoxLayout()
    row.addWidget(line, 1)
    row.addWidget(scope)
    box.addLayout(row)
    box.addWidget(table)
    checklist_pane = QWidget(parent)
    column = QVBoxLayout(checklist_pane)
    column.setContentsMargins(0, 0, 0, 0)
    for widget in checklist:
        column.addWidget(widget)
    middle = QSplitter(Qt.Orientation.Vertical, parent)
    middle.addWidget(checklist_pane)
    middle.addWidget(evidence_pane)
    middle.setSizes([460, 220])

    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    splitter.setObjectName("MainSplitter")
    splitter.addWidget(nav)
    splitter.addWidget(middle)
    splitter.addWidget(requirement)
    splitter.setSizes([330, 560, 560])
    splitter.setChildrenCollapsible(False)
    return splitter

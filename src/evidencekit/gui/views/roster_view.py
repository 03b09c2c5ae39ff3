"""The class roster: students by first name or pseudonym, their consent, scanned forms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QObject,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.consent import ConsentKind, Student
from evidencekit.gui.models.table_model import Index, RowTableModel
from evidencekit.gui.runner import show_error
from evidencekit.services import roster
from evidencekit.services.workspace_state import Changes, WorkspaceState
from evidencekit.storage.workspace import Workspace

_KINDS = (None, ConsentKind.VIDEO, ConsentKind.AUDIO, ConsentKind.WORK_SAMPLES, None)
# (student id, column, new value) -> the student as saved; raises on bad input.
Writer = Callable[[int, int, Any], Student]


class RosterModel(RowTableModel):
    StudentIdRole = Qt.ItemDataRole.UserRole + 1
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None, writer: Writer | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Student] = []
        self._writer = writer
        self._headers = (
            self.tr("Name or pseudonym"),
            self.tr("Video"),
            self.tr("Audio"),
            self.tr("Work samples"),
            self.tr("Signed form"),
        )

    def set_students(self, students: list[Student]) -> None:
        self.beginResetModel()
        self._rows = list(students)
        self.endResetModel()

    def student(self, row: int) -> Student:
        return self._rows[row]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsEditable
        if _KINDS[index.column()] is not None:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        student = self._rows[index.row()]
        column = index.column()
        kind = _KINDS[column]
        if role == self.StudentIdRole:
            return student.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return student.name
            if column == 4:
                return student.form_file_name or self.tr("not attached")
            return None
        if role == Qt.ItemDataRole.CheckStateRole and kind is not None:
            return Qt.CheckState.Checked if student.has(kind) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleTextRole and kind is not None:
            yes = student.has(kind)
            return self.tr("consent given") if yes else self.tr("no consent")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._writer is None:
            return False
        column = index.column()
        if column == 0 and role == Qt.ItemDataRole.EditRole:
            new: Any = str(value)
        elif role == Qt.ItemDataRole.CheckStateRole and _KINDS[column] is not None:
            new = Qt.CheckState(value) == Qt.CheckState.Checked
        else:
            return False
        try:
            saved = self._writer(self._rows[index.row()].id, column, new)
        except Exception as exc:
            self.failed.emit(exc)
            return False
        self._rows[index.row()] = saved
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 4))
        return True


class WholeCellCheck(QStyledItemDelegate):
    """A click anywhere in a consent cell ticks it, not only on the small box."""

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        checkable = bool(index.flags() & Qt.ItemFlag.ItemIsUserCheckable)
        if not checkable or not isinstance(event, QMouseEvent):
            return super().editorEvent(event, model, option, index)
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if event.type() == QEvent.Type.MouseButtonDblClick:
            return True  # a double click is two toggles' worth of clicks; take it as none
        if event.type() != QEvent.Type.MouseButtonRelease:
            return False
        if not option.rect.contains(event.position().toPoint()):
            return False
        ticked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        new = Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked
        return model.setData(index, new.value, Qt.ItemDataRole.CheckStateRole)


class RosterView(QWidget):
    """Edit the roster; emits ``changed`` so open checklists re-check consent."""

    changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._state: WorkspaceState | None = None
        self._announcing = False  # its own change coming back is not news to it
        self.model = RosterModel(self, self._write)
        self.model.failed.connect(lambda exc: show_error(self, exc))
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Class roster"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(WholeCellCheck(self.table))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        intro = QLabel(
            self.tr(
                "Students in your class, by first name or a pseudonym. Tick what each family "
                "agreed to. Names stay on this computer: bundles carry only counts."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("First name or pseudonym"))
        self.name.setAccessibleName(self.tr("New student's name"))
        self.name.returnPressed.connect(self.add)
        self.add_button = QPushButton(self.tr("Add &student"), self)
        self.add_button.setAccessibleName(self.tr("Add student"))
        self.add_button.clicked.connect(self.add)
        self.form_button = QPushButton(self.tr("A&ttach signed form…"), self)
        self.form_button.setAccessibleName(self.tr("Attach a scanned consent form"))
        self.form_button.clicked.connect(lambda: self.attach_form())
        self.open_form_button = QPushButton(self.tr("O&pen form"), self)
        self.open_form_button.setAccessibleName(self.tr("Open the consent form"))
        self.open_form_button.clicked.connect(self.open_form)
        self.remove_button = QPushButton(self.tr("Remove st&udent"), self)
        self.remove_button.setAccessibleName(self.tr("Remove student"))
        self.remove_button.clicked.connect(self.remove)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.add_button)
        actions = QHBoxLayout()
        for button in (self.form_button, self.open_form_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.table.selectionModel().currentChanged.connect(self._sync_buttons)
        self.model.modelReset.connect(self._sync_buttons)
        self.model.dataChanged.connect(self._sync_buttons)
        self.reload()

    def _sync_buttons(self) -> None:
        """Buttons that act on a student are off while no student is selected."""
        student = self._selected()
        self.form_button.setEnabled(student is not None)
        self.remove_button.setEnabled(student is not None)
        self.open_form_button.setEnabled(student is not None and bool(student.form_file_name))

    def follow(self, state: WorkspaceState) -> None:
        """Read the roster again when someone else changed the people (File ▸ Refresh,
        another process, another workspace)."""
        self._state = state
        state.subscribe(self._state_changed)

    def _state_changed(self, changes: Changes) -> None:
        if self._state is not None and changes.people and not self._announcing:
            self.workspace = self._state.workspace
            self.reload()

    def _announce(self) -> None:
        self._announcing = True
        try:
            self.changed.emit()
        finally:
            self._announcing = False

    def reload(self) -> None:
        selected = self._selected()
        self.model.set_students(roster.list_students(self.workspace))
        for row in range(self.model.rowCount()):
            if selected is not None and self.model.student(row).id == selected.id:
                self.table.setCurrentIndex(self.model.index(row, 0))

    def _write(self, student_id: int, column: int, value: Any) -> Student:
        if column == 0:
            saved = roster.rename_student(self.workspace, student_id, value)
        else:
            kind = _KINDS[column]
            assert kind is not None
            saved = roster.set_consent(self.workspace, student_id, kind, bool(value))
        self._announce()
        return saved

    def _selected(self) -> Student | None:
        index = self.table.currentIndex()
        return self.model.student(index.row()) if index.isValid() else None

    def add(self) -> None:
        try:
            roster.add_student(self.workspace, self.name.text())
        except Exception as exc:
            show_error(self, exc)
            return
        self.name.clear()
        self.reload()
        self._announce()

    def remove(self) -> None:
        student = self._selected()
        if student is None:
            return
        roster.remove_student(self.workspace, student.id)
        self.reload()
        self._announce()

    def attach_form(self, path: Path | None = None) -> None:
        student = self._selected()
        if student is None:
            return
        if not path:
            name, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Signed consent form for {name}").format(name=student.name),
                "",
                self.tr("Scans and PDFs ({patterns})").format(
                    patterns=" ".join(f"*.{t}" for t in roster.FORM_TYPES)
                ),
            )
            if not name:
                return
            path = Path(name)
        try:
            roster.attach_form(self.workspace, student.id, path)
        except Exception as exc:
            show_error(self, exc)
            return
        self.reload()

    def open_form(self) -> None:
        student = self._selected()
        if student is None:
            return
        path = roster.form_path(self.workspace, student.id)
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

"""A video or artifact requirement: its files, a drop zone, and the selected file's detail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.catalog import ArtifactSlot, VideoSlot, file_extension
from evidencekit.domain.consent import Student
from evidencekit.domain.submissions import Artifact, Clip, Evidence
from evidencekit.domain.text import format_duration, format_megabytes
from evidencekit.gui.icons import give_icons
from evidencekit.gui.work.previews import preview

FileSlot = VideoSlot | ArtifactSlot
VIDEO_TYPES = ("mp4", "mov", "m4v", "avi", "mkv", "webm")
THUMB = 96
PREVIEW = 360
PREVIEW_HEIGHT = 300
RECORD_KEYS = QKeySequence("Ctrl+Shift+R")


def accepted_types(slot: FileSlot) -> tuple[str, ...]:
    return VIDEO_TYPES if isinstance(slot, VideoSlot) else slot.accepted_types


def local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileSlotPane(QWidget):
    """Drop files here, or add them with the file dialog; pick one to see it."""

    filesChosen = Signal(str, list)  # slot id, [Path]
    evidenceSelected = Signal(object)  # Evidence or None
    recordRequested = Signal(str)  # slot id of a video slot to record into
    playRequested = Signal(int)  # evidence id of a clip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot: FileSlot | None = None
        self.setAcceptDrops(True)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(self.tr("Requirement"))
        self.drop_hint = QLabel(self)
        self.drop_hint.setObjectName("DropZone")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setAccessibleName(self.tr("Drop files here"))
        self.drop_hint.setMinimumHeight(56)
        self.drop_hint.setStyleSheet(
            "#DropZone { border: 2px dashed palette(mid); border-radius: 8px; padding: 8px; }"
        )
        self.add_button = QPushButton(self.tr("&Add files…"), self)
        self.add_button.setAccessibleName(self.tr("Add files"))
        self.add_button.clicked.connect(self.choose_files)
        self.record_button = QPushButton(self.tr("Re&cord…"), self)
        self.record_button.setAccessibleName(self.tr("Record a lesson for this requirement"))
        self.record_button.setToolTip(
            self.tr("Record with your camera ({keys})").format(
                keys=RECORD_KEYS.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.record_button.clicked.connect(self._record)
        give_icons({self.add_button: "add-files", self.record_button: "record"})
        # A window-wide key, honoured only while a video slot's pane is on screen.
        record_key = QShortcut(RECORD_KEYS, self, context=Qt.ShortcutContext.WindowShortcut)
        record_key.activated.connect(self._record)
        self.items = QListWidget(self)
        self.items.setAccessibleName(self.tr("Files for this requirement"))
        self.items.setIconSize(QSize(THUMB, THUMB))
        self.items.setMaximumHeight(THUMB * 2 + 24)
        self.items.currentItemChanged.connect(self._selected)
        self.items.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        row = QHBoxLayout()
        row.addWidget(self.drop_hint, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.record_button)
        row.addLayout(buttons)
        layout.addLayout(row)
        layout.addWidget(self.items)

    def show_slot(
        self, slot: FileSlot, evidence: list[Evidence], media_path: Callable[[str], Path]
    ) -> None:
        """``media_path`` maps a SHA-256 to the stored file (for thumbnails)."""
        self.slot = slot
        kinds = ", ".join(accepted_types(slot)) or self.tr("any type")
        self.heading.setText(f"<b>{slot.title}</b><br>{slot.description}")
        self.drop_hint.setText(self.tr("Drop files here ({kinds})").format(kinds=kinds))
        self.record_button.setVisible(isinstance(slot, VideoSlot))
        current = self.items.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole).id if current else None
        self.items.blockSignals(True)
        self.items.clear()
        for item in evidence:
            if not isinstance(item, Clip | Artifact):
                continue
            entry = QListWidgetItem(f"{item.title}\n{_describe(item)}", self.items)
            entry.setData(Qt.ItemDataRole.UserRole, item)
            image = preview(media_path(item.sha256), item.file_name, THUMB * 2, _still_at(item))
            if image is not None:
                entry.setIcon(QIcon(QPixmap.fromImage(image)))
            if item.id == keep:
                self.items.setCurrentItem(entry)
        if self.items.currentItem() is None and self.items.count():
            self.items.setCurrentRow(0)
        self.items.blockSignals(False)
        self._selected()

    def select_evidence(self, evidence_id: int) -> None:
        for row in range(self.items.count()):
            if self.items.item(row).data(Qt.ItemDataRole.UserRole).id == evidence_id:
                self.items.setCurrentRow(row)
                return

    def _selected(self) -> None:
        current = self.items.currentItem()
        self.evidenceSelected.emit(current.data(Qt.ItemDataRole.UserRole) if current else None)

    def _activated(self, entry: QListWidgetItem) -> None:
        """Double-click or Enter on a clip plays it."""
        item = entry.data(Qt.ItemDataRole.UserRole)
        if isinstance(item, Clip):
            self.playRequested.emit(item.id)

    def _record(self) -> None:
        button = self.record_button
        if isinstance(self.slot, VideoSlot) and button.isVisible() and button.isEnabled():
            self.recordRequested.emit(self.slot.id)

    def choose_files(self) -> None:
        if self.slot is None:
            return
        patterns = " ".join(f"*.{ext}" for ext in accepted_types(self.slot))
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add files to '{slot}'").format(slot=self.slot.title),
            "",
            self.tr("Accepted files ({patterns})").format(patterns=patterns or "*"),
        )
        if names:
            self.filesChosen.emit(self.slot.id, [Path(n) for n in names])

    def accepts(self, paths: list[Path]) -> bool:
        if self.slot is None or not paths:
            return False
        kinds = accepted_types(self.slot)
        return all(p.is_file() and (not kinds or file_extension(p.name) in kinds) for p in paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts(local_paths(event)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event)
        if self.slot is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Files the slot cannot take are still passed on: the service explains why.
        self.filesChosen.emit(self.slot.id, paths)


def _still_at(item: Evidence) -> float | None:
    return min(1.0, item.duration_s / 2) if isinstance(item, Clip) else None


def _describe(item: Clip | Artifact) -> str:
    if isinstance(item, Clip):
        return f"{format_duration(item.duration_s)} · {format_megabytes(item.size_bytes)}"
    return f"{item.file_name} · {format_megabytes(item.size_bytes)}"


class FittedPicture(QLabel):
    """A preview shown whole, scaled down to the room it has (a page is never cropped)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = QPixmap()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(80, 120)

    def set_image(self, image: QImage) -> None:
        self._full = QPixmap.fromImage(image)
        self._fit()

    def sizeHint(self) -> QSize:
        if self._full.isNull():
            return super().sizeHint()
        return self._full.size().scaled(
            QSize(PREVIEW, PREVIEW_HEIGHT), Qt.AspectRatioMode.KeepAspectRatio
        )

    def minimumSizeHint(self) -> QSize:
        # Not the pixmap's size (QLabel's default): the picture shrinks to its room
        # instead of pushing the widgets below it out of the way or under it.
        return self.minimumSize()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._full.isNull():
            return
        room = self.contentsRect().size().boundedTo(QSize(PREVIEW, PREVIEW_HEIGHT))
        self.setPixmap(
            self._full.scaled(
                room,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class EvidenceDetail(QWidget):
    """One piece of evidence: a preview, its facts, who appears in it, and Remove."""

    tagsChanged = Signal(int, list)  # evidence id, [student id]
    removeRequested = Signal(int)
    protectRequested = Signal(int)  # evidence id of a clip whose faces should be hidden
    playRequested = Signal(int)  # evidence id of a clip
    trimRequested = Signal(int)  # evidence id of a clip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evidence: Evidence | None = None
        self.picture = FittedPicture(self)
        self.picture.setAccessibleName(self.tr("Preview"))
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setAccessibleName(self.tr("About this item"))
        self.people_label = QLabel(self.tr("Who can be seen, heard or whose work is shown:"), self)
        self.people = QListWidget(self)
        self.people.setAccessibleName(self.tr("Students in this item"))
        self.people.setMaximumHeight(140)
        self.people.itemChanged.connect(self._tags_edited)
        self.remove_button = QPushButton(self.tr("Re&move from submission"), self)
        self.remove_button.setAccessibleName(self.tr("Remove this item"))
        self.remove_button.clicked.connect(
            lambda: self.evidence and self.removeRequested.emit(self.evidence.id)
        )
        self.protect_button = QPushButton(self.tr("&Protect students…"), self)
        self.protect_button.setToolTip(
            self.tr("Blur every face except yours and those of students with video consent.")
        )
        self.protect_button.setAccessibleName(self.tr("Protect students in this clip"))
        self.protect_button.clicked.connect(
            lambda: self.evidence and self.protectRequested.emit(self.evidence.id)
        )
        self.play_button = QPushButton(self.tr("Pla&y"), self)
        self.play_button.setToolTip(self.tr("Play the clip, with its bookmarks on the timeline."))
        self.play_button.setAccessibleName(self.tr("Play this clip"))
        self.play_button.clicked.connect(
            lambda: self.evidence and self.playRequested.emit(self.evidence.id)
        )
        self.trim_button = QPushButton(self.tr("&Trim…"), self)
        self.trim_button.setToolTip(
            self.tr("Keep only part of the clip; the untrimmed original stays in the workspace.")
        )
        self.trim_button.setAccessibleName(self.tr("Trim this clip"))
        self.trim_button.clicked.connect(
            lambda: self.evidence and self.trimRequested.emit(self.evidence.id)
        )
        give_icons(
            {
                self.remove_button: "remove",
                self.protect_button: "protect-students",
                self.play_button: "play",
                self.trim_button: "trim",
            }
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture)
        layout.addWidget(self.facts)
        layout.addWidget(self.people_label)
        layout.addWidget(self.people)
        clip_row = QHBoxLayout()
        clip_row.addWidget(self.play_button)
        clip_row.addWidget(self.trim_button)
        layout.addLayout(clip_row)
        layout.addWidget(self.protect_button)
        layout.addWidget(self.remove_button)
        self.show_evidence(None, [], [], None)

    def show_evidence(
        self,
        item: Evidence | None,
        students: list[Student],
        tagged: list[Student],
        path: Path | None,
        at_s: float | None = None,
    ) -> None:
        self.evidence = item
        has_file = isinstance(item, Clip | Artifact)
        for widget in (self.picture, self.facts, self.people_label, self.people):
            widget.setVisible(has_file)
        self.remove_button.setVisible(item is not None)
        for button in (self.protect_button, self.play_button, self.trim_button):
            button.setVisible(isinstance(item, Clip))
        self.people.blockSignals(True)
        self.people.clear()
        if not isinstance(item, Clip | Artifact):
            self.people.blockSignals(False)
            return
        at = at_s if at_s is not None else _still_at(item)
        image = preview(path, item.file_name, PREVIEW, at) if path else None
        if image is not None:
            self.picture.set_image(image)
        else:
            self.picture.setText(self.tr("No preview for this kind of file."))
        facts = [f"<b>{item.title}</b>", item.file_name, format_megabytes(item.size_bytes)]
        if isinstance(item, Clip):
            facts.insert(2, format_duration(item.duration_s))
            if at_s is not None:
                facts.append(self.tr("Showing the moment at {t}").format(t=format_duration(at_s)))
        self.facts.setText("<br>".join(facts))
        ids = {s.id for s in tagged}
        for student in students:
            entry = QListWidgetItem(student.name, self.people)
            entry.setData(Qt.ItemDataRole.UserRole, student.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if student.id in ids else Qt.CheckState.Unchecked
            )
        if not students:
            QListWidgetItem(self.tr("Add students in the Class roster tab."), self.people)
        self.people.blockSignals(False)

    def set_editable(self, editable: bool) -> None:
        """Sealed work can be looked at and played, not changed."""
        for widget in (self.remove_button, self.protect_button, self.trim_button, self.people):
            widget.setEnabled(editable)

    def _tags_edited(self) -> None:
        if self.evidence is None:
            return
        chosen = [
            self.people.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.people.count())
            if self.people.item(r).checkState() == Qt.CheckState.Checked
        ]
        self.tagsChanged.emit(self.evidence.id, chosen)

"""Dialogs around the essay editor: version history with restore, and inserting a clip moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.clip_refs import format_moment
from evidencekit.domain.submissions import Clip
from evidencekit.domain.text import format_duration
from evidencekit.gui.shown_times import local_minute

Revision = tuple[int, datetime, int]


class HistoryDialog(QDialog):
    """Saved versions, newest first; pick one to read it, Restore to bring it back."""

    def __init__(
        self, revisions: list[Revision], load: Callable[[int], str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Version history"))
        self.setAccessibleName(self.tr("Version history"))
        self._load = load  # revision id -> Markdown
        self.chosen_text: str | None = None
        self.versions = QListWidget(self)
        self.versions.setAccessibleName(self.tr("Saved versions"))
        self.preview = QTextBrowser(self)
        self.preview.setAccessibleName(self.tr("Version text"))
        for revision_id, saved_at, words in reversed(revisions):
            label = self.tr("{when} · %n words", "", words).format(when=local_minute(saved_at))
            entry = QListWidgetItem(label, self.versions)
            entry.setData(Qt.ItemDataRole.UserRole, revision_id)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = buttons.addButton(
            self.tr("&Restore this version"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        buttons.accepted.connect(self._restore)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.versions, 1)
        row.addWidget(self.preview, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.versions.currentItemChanged.connect(self._show)
        self.resize(760, 440)
        if self.versions.count():
            self.versions.setCurrentRow(0)

    def _show(self) -> None:
        current = self.versions.currentItem()
        self.restore_button.setEnabled(current is not None)
        if current is not None:
            self.preview.setMarkdown(self._load(current.data(Qt.ItemDataRole.UserRole)))

    def _restore(self) -> None:
        self.chosen_text = self.preview.toMarkdown()
        self.accept()


class MomentDialog(QDialog):
    """Choose a clip and a time; the editor gets text like 'Lesson 1 @ 03:15'."""

    def __init__(self, clips: list[Clip], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refer to a clip moment"))
        self._clips = clips
        self.clip = QComboBox(self)
        self.clip.setAccessibleName(self.tr("Clip"))
        for clip in clips:
            self.clip.addItem(f"{clip.title} ({format_duration(clip.duration_s)})", clip.id)
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat("mm:ss")
        self.time.setAccessibleName(self.tr("Time in the clip"))
        form = QFormLayout(self)
        form.addRow(self.tr("&Clip:"), self.clip)
        form.addRow(self.tr("&Time:"), self.time)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.clip.currentIndexChanged.connect(self._limit)
        self._limit()

    def _limit(self) -> None:
        clip = self.selected_clip()
        if clip is not None:
            seconds = int(clip.duration_s)
            self.time.setMaximumTime(QTime(0, 0).addSecs(min(seconds, 3599)))

    def selected_clip(self) -> Clip | None:
        index = self.clip.currentIndex()
        return self._clips[index] if 0 <= index < len(self._clips) else None

    def moment_text(self) -> str:
        clip = self.selected_clip()
        seconds = QTime(0, 0).secsTo(self.time.time())
        return format_moment(clip.title if clip else "", seconds)

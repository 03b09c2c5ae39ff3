"""On start, offering back the recordings a crash interrupted.

``offer_recovery`` looks for unfinished recordings off the GUI thread; when it
finds any it opens a dialog listing them (what survived, how long, how many
bookmarks) and recovers the ones the teacher keeps, again off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.tasks import Reporter
from evidencekit.gui.runner import Operation, show_error
from evidencekit.gui.video.recorded_clip import RecordedClip, unique_clip_path
from evidencekit.gui.video.timeline import format_ms
from evidencekit.media.recording.bookmarks import save_bookmarks
from evidencekit.media.recording.recording_recovery import Interrupted, find_interrupted, recover
from evidencekit.media.recording.recording_sidecar import PARTIAL_SUFFIX
from evidencekit.storage.recordings import carry_target


def _stem(item: Interrupted) -> str:
    return item.partial.name[: -len(PARTIAL_SUFFIX)]


class RecoveryDialog(QDialog):
    """Lists interrupted recordings; ``recovered`` carries the clips brought back."""

    recovered = Signal(object)  # list[RecordedClip]

    def __init__(self, folder: Path, items: list[Interrupted], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.items = items
        self._recovering = False
        self.setWindowTitle(self.tr("Recover recordings"))
        self.setAccessibleName(self.tr("Recover recordings"))
        intro = QLabel(
            self.tr(
                "EvidenceKit closed while these lessons were being recorded. "
                "What was saved before that moment can be recovered."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Interrupted recordings"))
        for item in items:
            row = QListWidgetItem(self._describe(item), self.list)
            row.setData(Qt.ItemDataRole.UserRole, item)
            if item.recoverable:
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(Qt.CheckState.Checked)
            else:
                row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self.buttons = QDialogButtonBox(self)
        self.recover_button = self.buttons.addButton(
            self.tr("&Recover"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.recover_button.setAccessibleName(self.tr("Recover"))
        later = self.buttons.addButton(self.tr("&Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        later.setAccessibleName(self.tr("Not now"))
        self.recover_button.setEnabled(any(item.recoverable for item in items))
        self.buttons.accepted.connect(self.recover_checked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.resize(520, 300)

    def _describe(self, item: Interrupted) -> str:
        if not item.recoverable or item.info is None:
            return self.tr("{name}: nothing playable was saved.").format(name=_stem(item))
        marks = len(item.state.bookmarks) if item.state else 0
        return self.tr("{name}: {length} recorded, %n bookmarks", "", marks).format(
            name=_stem(item), length=format_ms(round(item.info.duration_s * 1000))
        )

    def checked(self) -> list[Interrupted]:
        rows = (self.list.item(i) for i in range(self.list.count()))
        return [
            row.data(Qt.ItemDataRole.UserRole)
            for row in rows
            if row.checkState() == Qt.CheckState.Checked
        ]

    def recover_checked(self) -> None:
        if self._recovering:
            return
        chosen = self.checked()
        if not chosen:
            self.reject()
            return
        folder = self.folder

        def work(_reporter: Reporter) -> list[RecordedClip]:
            clips = []
            for item in chosen:
                target = unique_clip_path(folder, _stem(item))
                path, marks = recover(item, target)
                carry_target(folder / f"{_stem(item)}.mp4", path)
                save_bookmarks(path, marks)
                duration = item.info.duration_s if item.info else 0.0
                clips.append(RecordedClip(path, marks, duration))
            return clips

        self.recover_button.setEnabled(False)
        self._recovering = True
        Operation(self, self.tr("Recovering recordings…"), work, self._done, self._failed)

    def _done(self, clips: list[RecordedClip]) -> None:
        self._recovering = False
        self.recovered.emit(clips)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._recovering = False
        self.recover_button.setEnabled(True)
        show_error(self, exc)


class RecoveryOffer(QObject):
    """Looks for interrupted recordings; ``found`` fires with the dialog, or None."""

    found = Signal(object)  # RecoveryDialog | None
    recovered = Signal(object)  # list[RecordedClip]

    def __init__(self, parent: QWidget, folder: Path) -> None:
        super().__init__(parent)
        self.folder = folder
        self.dialog: RecoveryDialog | None = None

        def work(_reporter: Reporter) -> list[Interrupted]:
            return find_interrupted(folder) if folder.is_dir() else []

        Operation(parent, self.tr("Looking for interrupted recordings…"), work, self._show)

    def _show(self, items: list[Interrupted]) -> None:
        if items:
            parent = self.parent()
            self.dialog = RecoveryDialog(
                self.folder, items, parent if isinstance(parent, QWidget) else None
            )
            self.dialog.recovered.connect(self.recovered)
            self.dialog.open()
        self.found.emit(self.dialog)


def offer_recovery(parent: QWidget, folder: Path) -> RecoveryOffer:
    """Call on start with the recordings folder; connect to ``recovered`` to import clips."""
    return RecoveryOffer(parent, folder)

"""Clips in the work pane: recording into a slot, recovering interrupted recordings,
playing a clip with its bookmarks, and trimming it.

A finished or recovered recording goes into its slot through the runner, as
Add files does. A recording that cannot go in stays in the workspace's
recordings folder, and the teacher is told where it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from evidencekit.domain.catalog import VideoSlot
from evidencekit.domain.errors import Cancelled, EvidenceKitError
from evidencekit.domain.submissions import Clip, Evidence
from evidencekit.gui.deferred_imports import deferred
from evidencekit.gui.runner import show_error
from evidencekit.gui.work.slot_panel import SlotPanel
from evidencekit.services.workspace_state import Changes
from evidencekit.storage.workspace import Workspace

# The recording window, the player, the trim dialog and the recovery offer (Qt Multimedia,
# the encoder, OpenCV) are imported when first opened: most starts open none of them.
if TYPE_CHECKING:
    from evidencekit.gui.main_window.shell import WindowShell
    from evidencekit.gui.video.capture import CaptureWindow
    from evidencekit.gui.video.recorded_clip import RecordedClip
    from evidencekit.gui.video.recovery import RecoveryOffer
    from evidencekit.media.probe import MediaInfo
    from evidencekit.services import clip_editing, recordings
    from evidencekit.storage.recordings import RecordingTarget
else:  # loaded behind the first paint (they need the ORM)
    clip_editing = deferred("evidencekit.services.clip_editing")
    recordings = deferred("evidencekit.services.recordings")


class ClipWork(QObject):
    # The windows this opens, as they open (tests and screenshots drive them).
    captureOpened = Signal(object)  # CaptureWindow
    playerOpened = Signal(object)  # ClipPlayerDialog
    trimOpened = Signal(object)  # TrimDialog
    recoveryOffered = Signal(object)  # RecoveryOffer

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window = window
        self.capture: CaptureWindow | None = None
        self.recovery: RecoveryOffer | None = None

    def connect_panel(self, panel: SlotPanel) -> None:
        panel.when_built("files", lambda: self._connect_files(panel))

    def _connect_files(self, panel: SlotPanel) -> None:
        panel.files.recordRequested.connect(self.record)
        panel.files.playRequested.connect(self.play)
        panel.detail.playRequested.connect(self.play)
        panel.detail.trimRequested.connect(self.trim)

    def _clip(self, evidence_id: int) -> Clip | None:
        detail = self.window.detail
        found = (e for e in detail.evidence if e.id == evidence_id) if detail else iter(())
        item = next(found, None)
        return item if isinstance(item, Clip) else None

    def _video_slot(self, slot_id: str) -> VideoSlot | None:
        detail = self.window.detail
        found = detail.credential.find_slot(slot_id, detail.submission.unit_id) if detail else None
        return found[1] if found and isinstance(found[1], VideoSlot) else None

    # -- recording -------------------------------------------------------------------

    def record(self, slot_id: str) -> None:
        detail, slot = self.window.detail, self._video_slot(slot_id)
        if detail is None or slot is None:
            return
        if self.capture is not None:
            if self.capture.recorder is not None:  # one lesson at a time: finish that one first
                self.capture.raise_()
                self.capture.activateWindow()
                return
            self.capture.close()
        from evidencekit.gui.video.capture import open_capture_window
        from evidencekit.storage.recordings import RecordingTarget, recordings_folder

        workspace = self.window.workspace
        target = RecordingTarget(detail.submission.id, slot.id)
        capture = open_capture_window(
            recordings_folder(workspace.path),
            self.window,
            lambda clip: self._recorded(workspace, target, clip),
            continuous_slot=slot.title if slot.continuous else None,
            target=target,
        )
        capture.setWindowTitle(self.tr("Record for '{slot}'").format(slot=slot.title))
        capture.destroyed.connect(lambda: self._capture_closed(capture))
        self.capture = capture
        self.captureOpened.emit(capture)

    def _capture_closed(self, capture: CaptureWindow) -> None:
        if self.capture is capture:
            self.capture = None

    def _recorded(self, workspace: Workspace, target: RecordingTarget, clip: RecordedClip) -> None:
        if workspace is not self.window.workspace:  # she opened another workspace meanwhile
            self._kept([clip.path], self.tr("Another workspace is open now."))
            return
        self.window.run(
            self.tr("Adding the recording"),
            lambda reporter: recordings.import_recording(
                workspace, target.submission_id, target.slot_id, clip.path, reporter
            ),
            lambda added: self._added(target, added),
            lambda exc: self._not_added([clip.path], exc),
        )

    def _added(self, target: RecordingTarget, added: list[Evidence]) -> None:
        window = self.window
        if window.detail is None or window.detail.submission.id != target.submission_id:
            window.state.apply(Changes.of_submission(target.submission_id, evidence=True))
        else:
            window.after_item_change(added[-1].id if added else None)

    def _not_added(self, paths: list[Path], exc: BaseException) -> None:
        # Of several recovered recordings, some may have gone in before this one stopped.
        self.window.state.apply(Changes(evidence=True))
        kept = [p for p in paths if p.is_file()]
        if isinstance(exc, Cancelled):
            reason = self.tr("Adding was stopped.")
        elif isinstance(exc, EvidenceKitError):
            reason = exc.message
        else:
            show_error(self.window, exc)  # a bug: its details go with the error message
            reason = self.tr("It could not be added.")
        if kept:
            self._kept(kept, reason)

    def _kept(self, paths: list[Path], reason: str) -> None:
        """Say where recordings that did not go into a slot are, so she can add them."""
        names = "\n".join(str(p) for p in paths)
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Recording kept"))
        box.setAccessibleName(self.tr("Recording kept"))
        box.setText(
            self.tr(
                "{reason}\n\nThe recording is saved here:\n{names}\n\n"
                "Add it to a requirement with Add files…."
            ).format(reason=reason, names=names)
        )
        box.open()

    # -- recovery --------------------------------------------------------------------

    def offer_recovery(self) -> None:
        """Look for recordings a crash interrupted (off the GUI thread) and offer them back."""
        from evidencekit.storage.recordings import recordings_folder  # after the first paint

        folder = recordings_folder(self.window.workspace.path)
        if not folder.is_dir():
            return  # nothing was ever recorded in this workspace
        from evidencekit.gui.video import recovery

        workspace = self.window.workspace
        self.recovery = recovery.offer_recovery(self.window, folder)
        self.recovery.recovered.connect(lambda clips: self._recovered(workspace, clips))
        self.recoveryOffered.emit(self.recovery)

    def _recovered(self, workspace: Workspace, clips: list[RecordedClip]) -> None:
        paths = [clip.path for clip in clips]
        if workspace is not self.window.workspace:
            self._kept(paths, self.tr("Another workspace is open now."))
            return
        self.window.run(
            self.tr("Adding the recovered recordings"),
            lambda reporter: recordings.import_recovered(workspace, paths, reporter),
            self._recovered_added,
            lambda exc: self._not_added(paths, exc),
        )

    def _recovered_added(self, outcomes: list[recordings.RecoveredImport]) -> None:
        self.window.state.apply(Changes(evidence=True))
        left = [o for o in outcomes if not o.added]
        if left:
            reasons = "\n".join(f"{o.path.name}: {o.problem}" for o in left)
            self._kept([o.path for o in left], reasons)

    # -- playing and trimming --------------------------------------------------------

    def play(self, evidence_id: int) -> None:
        clip, detail = self._clip(evidence_id), self.window.detail
        if clip is None or detail is None:
            return
        try:
            _clip, path = clip_editing.stored_clip(
                self.window.workspace, detail.submission.id, clip.id
            )
        except EvidenceKitError as exc:
            show_error(self.window, exc)
            return
        from evidencekit.gui.video.clip_player_dialog import ClipPlayerDialog

        dialog = ClipPlayerDialog(clip, path, self.window)
        dialog.show()
        self.playerOpened.emit(dialog)

    def trim(self, evidence_id: int) -> None:
        clip, detail = self._clip(evidence_id), self.window.detail
        if clip is None or detail is None:
            return
        workspace, submission_id = self.window.workspace, detail.submission.id
        slot = self._video_slot(clip.slot_id)
        self.window.run(
            self.tr("Opening the clip…"),
            lambda _reporter: clip_editing.probe_stored_clip(workspace, submission_id, clip.id),
            lambda info: self._choose_part(
                submission_id, clip, info, slot is not None and slot.continuous
            ),
        )

    def _choose_part(
        self, submission_id: int, clip: Clip, info: MediaInfo, continuous: bool
    ) -> None:
        from evidencekit.gui.video.trim_dialog import TrimDialog
        from evidencekit.media.editing.trim import keyframes_around

        path = Path(info.path)

        def nearest(seconds: float) -> tuple[float, float]:
            before, after = keyframes_around(path, seconds)
            return before, before if after is None else after

        dialog = TrimDialog(info, self.window, continuous=continuous, nearest_keyframes=nearest)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._trim(submission_id, clip, info, *dialog.selection()))
        dialog.open()
        self.trimOpened.emit(dialog)

    def _trim(
        self, submission_id: int, clip: Clip, info: MediaInfo, start_s: float, end_s: float
    ) -> None:
        if start_s <= 0 and end_s * 1000 >= round(info.duration_s * 1000):
            return  # the whole clip is kept: nothing to do
        workspace = self.window.workspace

        def done(trimmed: Clip) -> None:
            self.window.after_item_change(trimmed.id)

        self.window.run(
            self.tr("Trimming '{title}'").format(title=clip.title),
            lambda reporter: clip_editing.trim_clip(
                workspace, submission_id, clip.id, start_s, end_s, reporter
            ),
            done,
        )

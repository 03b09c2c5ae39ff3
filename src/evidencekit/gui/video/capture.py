"""The recording window: live preview, device pickers, level meter, bookmarks.

Pictures and sound arrive from a ``CaptureSource`` on any thread; the window
keeps only the newest picture and sound level for a GUI-thread timer to show,
and while recording passes everything to a ``RecordingFeed`` that encodes on
its own thread into a crash-safe ``Recorder``. Finishing the file runs through
the runner, so the window never freezes while the encoder drains.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.tasks import Reporter
from evidencekit.gui.runner import Operation, show_error
from evidencekit.gui.theme import colour
from evidencekit.gui.video.capture_feed import RecordingFeed
from evidencekit.gui.video.capture_sources import (
    CaptureSource,
    QtCameraSource,
    SyntheticCaptureSource,
    bgr_to_qimage,
)
from evidencekit.gui.video.recorded_clip import RecordedClip, unique_clip_path
from evidencekit.gui.video.timeline import format_ms
from evidencekit.media.recording.bookmarks import save_bookmarks
from evidencekit.media.recording.recorder import PARTIAL_SUFFIX, Recorder
from evidencekit.storage.recordings import RecordingTarget, carry_target, save_target

DEVELOPER_ENV = "EVIDENCEKIT_DEVELOPER"
SYNTHETIC = "synthetic"


def developer_mode_from_env() -> bool:
    return os.environ.get(DEVELOPER_ENV, "") not in ("", "0")


def free_stem(folder: Path, stem: str) -> str:
    """A name no clip and no unfinished recording in ``folder`` uses yet."""
    candidate, number = stem, 2
    while (folder / f"{candidate}.mp4").exists() or (
        folder / f"{candidate}{PARTIAL_SUFFIX}"
    ).exists():
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def level_percent(samples: np.ndarray) -> int:
    """RMS loudness on a -60..0 dBFS scale, as 0..100 for the meter."""
    if samples.size == 0:
        return 0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    if rms <= 1e-6:
        return 0
    decibels = 20 * math.log10(rms)
    return round(max(0.0, min(1.0, (decibels + 60) / 60)) * 100)


class FramePreview(QWidget):
    """The newest picture, fitted and centred on black; a plain message when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.placeholder = ""
        self.setMinimumSize(320, 180)
        self.setAccessibleName(self.tr("Camera preview"))

    def show_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("black"))
        if self.image is not None and not self.image.isNull():
            size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(self.rect().center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)
        elif self.placeholder:
            painter.setPen(QColor("white"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
        painter.end()


class CaptureWindow(QDialog):
    """Records clips into ``folder``; ``recorded`` carries each finished clip."""

    recorded = Signal(object)  # RecordedClip
    sourceError = Signal(str)

    def __init__(
        self,
        folder: Path,
        parent: QWidget | None = None,
        *,
        developer_mode: bool | None = None,
        continuous_slot: str | None = None,
        target: RecordingTarget | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        # The slot the clips are for, noted beside each recording so recovery can return it.
        self.target = target
        # The title of the slot being recorded for, when it asks for one continuous take.
        self.continuous_slot = continuous_slot
        self.developer_mode = (
            developer_mode_from_env() if developer_mode is None else developer_mode
        )
        self.setWindowTitle(self.tr("Record a lesson"))
        self.setAccessibleName(self.tr("Record a lesson"))
        self.source: CaptureSource | None = None
        self.recorder: Recorder | None = None
        self.last_clip: RecordedClip | None = None
        self._feed: RecordingFeed | None = None
        self._saving = False  # the recording is being finished off the GUI thread
        self._close_when_saved = False
        self._lock = threading.Lock()
        self._latest: np.ndarray | None = None
        self._latest_shown = True
        self._last_t = 0.0
        self._level = 0
        self._build()
        self._fill_devices()
        self.sourceError.connect(self._show_source_error)
        self._timer = QTimer(self)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._refresh)
        self._timer.start()
        self._choose_source()

    # -- layout -----------------------------------------------------------------

    def _build(self) -> None:
        self.preview = FramePreview(self)
        self.cameras = QComboBox(self)
        self.cameras.setAccessibleName(self.tr("Camera"))
        self.microphones = QComboBox(self)
        self.microphones.setAccessibleName(self.tr("Microphone"))
        self.meter = QProgressBar(self)
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(12)
        self.meter.setAccessibleName(self.tr("Microphone level"))
        self.record_button = QPushButton(self.tr("&Record"), self)
        self.pause_button = QPushButton(self.tr("&Pause"), self)
        self.stop_button = QPushButton(self.tr("&Stop and save"), self)
        self.bookmark_button = QPushButton(self.tr("&Bookmark (B)"), self)
        for button, name in (
            (self.record_button, self.tr("Record")),
            (self.pause_button, self.tr("Pause")),
            (self.stop_button, self.tr("Stop and save")),
            (self.bookmark_button, self.tr("Bookmark")),
        ):
            button.setAccessibleName(name)
            button.setAutoDefault(False)
        self.elapsed = QLabel(self)
        self.elapsed.setAccessibleName(self.tr("Recorded time"))
        font = self.elapsed.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.elapsed.setFont(font)
        self.bookmarks = QListWidget(self)
        self.bookmarks.setAccessibleName(self.tr("Bookmarks"))
        self.bookmarks.setMaximumHeight(90)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Recording status"))

        devices = QFormLayout()
        devices.addRow(self.tr("&Camera"), self.cameras)
        devices.addRow(self.tr("&Microphone"), self.microphones)
        devices.addRow(self.tr("Sound level"), self.meter)
        buttons = QHBoxLayout()
        for button in (
            self.record_button,
            self.pause_button,
            self.stop_button,
            self.bookmark_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.elapsed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(devices)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Bookmarks (press B while recording):"), self))
        layout.addWidget(self.bookmarks)
        layout.addWidget(self.status)
        self.resize(720, 640)

        self.record_button.clicked.connect(self.start_recording)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop_recording)
        self.bookmark_button.clicked.connect(self.add_bookmark)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_B), self)
        shortcut.activated.connect(self.add_bookmark)
        self.cameras.currentIndexChanged.connect(self._choose_source)
        self.microphones.currentIndexChanged.connect(self._choose_source)

    def _fill_devices(self) -> None:
        self.cameras.blockSignals(True)
        self.microphones.blockSignals(True)
        for camera in QMediaDevices.videoInputs():
            self.cameras.addItem(camera.description(), camera)
        if self.developer_mode:
            self.cameras.addItem(self.tr("Synthetic test pattern (developer mode)"), SYNTHETIC)
        if self.cameras.count() == 0:
            self.cameras.addItem(self.tr("No camera found"), None)
            self.cameras.setEnabled(False)
        for microphone in QMediaDevices.audioInputs():
            self.microphones.addItem(microphone.description(), microphone)
        if self.developer_mode:
            self.microphones.addItem(self.tr("Test tone (developer mode)"), SYNTHETIC)
        if self.microphones.count() == 0:
            self.microphones.addItem(self.tr("No microphone found"), None)
            self.microphones.setEnabled(False)
        self.cameras.blockSignals(False)
        self.microphones.blockSignals(False)

    # -- sources ----------------------------------------------------------------

    def _choose_source(self) -> None:
        if self.recorder is not None:
            return
        self._stop_source()
        camera = self.cameras.currentData()
        if camera is None:
            self.preview.placeholder = self.tr(
                "No camera found. Connect a camera, then open this window again."
            )
            self._set_state()
            return
        microphone = self.microphones.currentData()
        if camera == SYNTHETIC:
            # The test pattern brings its own tone; show that instead of a real microphone.
            self.microphones.blockSignals(True)
            self.microphones.setCurrentIndex(self.microphones.findData(SYNTHETIC))
            self.microphones.blockSignals(False)
            source: CaptureSource = SyntheticCaptureSource(width=640, height=360, fps=15)
        else:
            source = QtCameraSource(camera, None if microphone == SYNTHETIC else microphone)
        self.use_source(source)

    def use_source(self, source: CaptureSource) -> None:
        """Show ``source`` in the preview (tests may hand in their own)."""
        self._stop_source()
        self.source = source
        self.preview.placeholder = self.tr("Starting the camera…")
        source.start(self._on_video, self._on_audio, self.sourceError.emit)
        self._set_state()

    def _stop_source(self) -> None:
        if self.source is not None:
            self.source.stop()
            self.source = None
        with self._lock:
            self._latest, self._level = None, 0

    def _on_video(self, frame: np.ndarray, t: float) -> None:
        """Any thread: keep the newest picture, pass it on while recording."""
        with self._lock:
            self._latest, self._latest_shown, self._last_t = frame, False, t
            feed = self._feed
        if feed is not None:
            feed.video(frame, t)

    def _on_audio(self, samples: np.ndarray, t: float) -> None:
        level = level_percent(samples)
        with self._lock:
            self._level = level
            feed = self._feed
        if feed is not None:
            feed.audio(samples, t)

    def _show_source_error(self, text: str) -> None:
        self.status.setText(self.tr("The camera stopped: {reason}").format(reason=text))

    # -- recording --------------------------------------------------------------

    @property
    def source_time(self) -> float:
        with self._lock:
            return self._last_t

    def start_recording(self) -> None:
        if self.source is None or self.recorder is not None or self._saving:
            return
        source = self.source
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = free_stem(self.folder, f"lesson-{datetime.now():%Y%m%d-%H%M%S}")
        if self.target is not None:
            save_target(self.folder / f"{stem}.mp4", self.target)
        self.recorder = Recorder(
            self.folder,
            stem,
            width=source.width,
            height=source.height,
            fps=source.fps,
            sample_rate=source.sample_rate,
            channels=source.channels,
        )
        self.bookmarks.clear()
        with self._lock:
            self._feed = RecordingFeed(self.recorder)
        self.status.setText(self.tr("Recording. Press B to drop a bookmark."))
        self._set_state()

    def toggle_pause(self) -> None:
        if self.recorder is None:
            return
        if self.recorder.paused:
            self.recorder.resume(self.source_time)
            self.status.setText(self.tr("Recording again."))
        else:
            self.recorder.pause(self.source_time)
            self.status.setText(self._paused_text())
        self._set_state()
        self._refresh()

    def _paused_text(self) -> str:
        if self.continuous_slot is None:
            return self.tr("Paused: nothing is recorded until you resume.")
        return self.tr(
            "Paused. '{slot}' asks for one continuous take: if you resume, this clip joins "
            "two takes and cannot be used there. Stop and save to keep it one take."
        ).format(slot=self.continuous_slot)

    def add_bookmark(self) -> None:
        if self.recorder is None:
            return
        number = len(self.recorder.state.bookmarks) + 1
        mark = self.recorder.bookmark(
            self.source_time, self.tr("Bookmark {number}").format(number=number)
        )
        when = format_ms(round(mark.seconds * 1000), fraction=True)
        self.bookmarks.addItem(f"{when}  {mark.label}")
        self.bookmarks.scrollToBottom()
        self.status.setText(self.tr("Bookmark at {time}.").format(time=when))

    def stop_recording(self) -> None:
        """Finish the clip off the GUI thread; ``recorded`` fires when it is saved."""
        recorder = self.recorder
        if recorder is None or self._saving:
            return
        with self._lock:
            feed, self._feed = self._feed, None
        stem = recorder.partial.name[: -len(PARTIAL_SUFFIX)]
        intended, target = self.folder / f"{stem}.mp4", unique_clip_path(self.folder, stem)

        def work(_reporter: Reporter) -> RecordedClip:
            if feed is not None:
                feed.close()
            path = recorder.finish(target)
            carry_target(intended, path)
            marks = list(recorder.state.bookmarks)
            save_bookmarks(path, marks)
            return RecordedClip(path, marks, recorder.recorded_seconds)

        self._saving = True
        Operation(self, self.tr("Saving the recording…"), work, self._saved, self._save_failed)
        self._set_state()

    def _saved(self, clip: RecordedClip) -> None:
        self._saving, self.recorder, self.last_clip = False, None, clip
        count = len(clip.bookmarks)
        self.status.setText(
            self.tr("Saved {name} ({length}, %n bookmarks).", "", count).format(
                name=clip.path.name, length=format_ms(round(clip.duration_s * 1000))
            )
        )
        self._set_state()
        self.recorded.emit(clip)
        self._close_if_asked()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving, self.recorder = False, None
        self.status.setText(
            self.tr("The recording could not be finished; it will be offered for recovery.")
        )
        self._set_state()
        show_error(self, exc)
        self._close_if_asked()

    def _close_if_asked(self) -> None:
        if self._close_when_saved:
            self._close_when_saved = False
            self.close()

    # -- display ----------------------------------------------------------------

    def _refresh(self) -> None:
        with self._lock:
            frame = None if self._latest_shown else self._latest
            self._latest_shown = True
            level = self._level
        if frame is not None:
            self.preview.show_image(bgr_to_qimage(frame))
        self.meter.setValue(level)
        if self.recorder is not None:
            seconds = self.recorder.recorded_seconds
            paused = self.recorder.paused
            word = self.tr("Paused") if paused else self.tr("● Recording")
            self.elapsed.setText(f"{word} {format_ms(round(seconds * 1000))}")
            self.elapsed.setStyleSheet("" if paused else f"color: {colour('problem').name()};")

    def _set_state(self) -> None:
        recording = self.recorder is not None and not self._saving
        idle = self.recorder is None and not self._saving
        self.record_button.setEnabled(idle and self.source is not None)
        self.pause_button.setEnabled(recording)
        self.stop_button.setEnabled(recording)
        self.bookmark_button.setEnabled(recording)
        has_cameras = self.cameras.currentData() is not None
        self.cameras.setEnabled(idle and has_cameras)
        synthetic = isinstance(self.source, SyntheticCaptureSource)
        self.microphones.setEnabled(
            idle and not synthetic and self.microphones.currentData() is not None
        )
        paused = self.recorder is not None and self.recorder.paused
        self.pause_button.setText(self.tr("Res&ume") if paused else self.tr("&Pause"))
        self.pause_button.setAccessibleName(self.tr("Resume") if paused else self.tr("Pause"))
        if idle:
            self.elapsed.setText(self.tr("Ready") if self.source else "")
            self.elapsed.setStyleSheet("")

    # -- closing ----------------------------------------------------------------

    def _busy(self) -> bool:
        return self.recorder is not None or self._saving

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy():
            # Closing never throws a recording away: save it, then close.
            event.ignore()
            self._close_when_saved = True
            self.stop_recording()
            return
        self._timer.stop()
        self._stop_source()
        super().closeEvent(event)

    def reject(self) -> None:
        if self._busy():
            self._close_when_saved = True
            self.stop_recording()
            return
        self._timer.stop()
        self._stop_source()
        super().reject()


def open_capture_window(
    folder: Path,
    parent: QWidget | None,
    on_recorded: Callable[[RecordedClip], None],
    continuous_slot: str | None = None,
    target: RecordingTarget | None = None,
) -> CaptureWindow:
    """What the main window calls: the window, shown, with its clips going to ``on_recorded``."""
    window = CaptureWindow(folder, parent, continuous_slot=continuous_slot, target=target)
    window.recorded.connect(on_recorded)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window

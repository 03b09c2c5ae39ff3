"""The in-app player: a clip with its timeline, frame steps, speed and markers.

The clip is probed off the GUI thread first (its frame rate sets the size of a
frame step, and a file FFmpeg cannot read is refused with a sentence rather
than handed to Qt Multimedia). A clip with more than one sound track (a
wireless microphone on track 2) gets a Sound menu to choose the track heard.
Video is drawn by a QGraphicsVideoItem, which also renders offscreen, so
screenshots and tests see the picture.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtMultimediaWidgets import QGraphicsVideoItem
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.submissions import Bookmark
from evidencekit.domain.tasks import Reporter
from evidencekit.gui.runner import Operation
from evidencekit.gui.theme import colour
from evidencekit.gui.video.audio_output import new_audio_output
from evidencekit.gui.video.timeline import Marker, Timeline, format_ms
from evidencekit.media.probe import MediaInfo, probe
from evidencekit.media.recording.bookmarks import load_bookmarks
from evidencekit.media.sound_tracks import SoundTrack, sound_tracks

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def bookmark_markers(bookmarks: list[Bookmark]) -> list[Marker]:
    return [Marker(round(b.seconds * 1000), b.label, "bookmark") for b in bookmarks]


class VideoView(QGraphicsView):
    """A black stage with the video item fitted inside it, keeping its shape."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = QGraphicsVideoItem()
        self.item.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        scene = QGraphicsScene(self)
        scene.addItem(self.item)
        self.setScene(scene)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QBrush(QColor("black")))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(320, 180)
        self.setAccessibleName(self.tr("Video"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = self.viewport().size()
        self.item.setSize(QSizeF(size))
        self.setSceneRect(0, 0, size.width(), size.height())
        super().resizeEvent(event)


class Player(QWidget):
    """Plays one clip. ``loaded`` fires once the clip is ready, ``failed`` with the reason."""

    loaded = Signal(object)  # MediaInfo
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Video player"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a click on the picture arms the keys
        self.media = QMediaPlayer(self)
        self.audio = new_audio_output(self)
        self.media.setAudioOutput(self.audio)
        self.view = VideoView(self)
        self.media.setVideoOutput(self.view.item)
        self.timeline = Timeline(self)
        self.info: MediaInfo | None = None
        self._pending: Operation | None = None
        self._start_at: int | None = None  # where play_from starts a clip still opening
        self._loads = 0  # a probe answering after a newer load() is ignored
        self._build_controls()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.timeline)
        layout.addLayout(self._controls)
        self._connect()
        self.media.mediaStatusChanged.connect(self._status_changed)
        self._set_ready(False)

    # -- building ---------------------------------------------------------------

    def _button(self, icon: QStyle.StandardPixmap, name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self.style().standardIcon(icon))
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def _build_controls(self) -> None:
        self.back_button = self._button(
            QStyle.StandardPixmap.SP_MediaSeekBackward,
            self.tr("Previous frame"),
            self.tr("Previous frame (,)"),
        )
        self.play_button = self._button(
            QStyle.StandardPixmap.SP_MediaPlay, self.tr("Play"), self.tr("Play or pause (Space)")
        )
        self.forward_button = self._button(
            QStyle.StandardPixmap.SP_MediaSeekForward,
            self.tr("Next frame"),
            self.tr("Next frame (.)"),
        )
        self.time_label = QLabel(self)
        self.time_label.setAccessibleName(self.tr("Playback time"))
        self.time_label.setTextFormat(Qt.TextFormat.PlainText)
        self.speed = QComboBox(self)
        self.speed.setAccessibleName(self.tr("Playback speed"))
        for rate in SPEEDS:
            self.speed.addItem(self.tr("{rate}×").format(rate=f"{rate:g}"), rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        speed_label = QLabel(self.tr("&Speed"), self)
        speed_label.setBuddy(self.speed)
        # Shown only for a clip with several sound tracks; Alt+O reaches it.
        self.sound = QComboBox(self)
        self.sound.setAccessibleName(self.tr("Sound track"))
        self.sound_label = QLabel(self.tr("S&ound"), self)
        self.sound_label.setBuddy(self.sound)
        self.sound.hide()
        self.sound_label.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Player message"))
        self.message.hide()
        self._controls = QHBoxLayout()
        for widget in (self.back_button, self.play_button, self.forward_button):
            self._controls.addWidget(widget)
        self._controls.addWidget(self.time_label)
        self._controls.addStretch(1)
        self._controls.addWidget(self.sound_label)
        self._controls.addWidget(self.sound)
        self._controls.addWidget(speed_label)
        self._controls.addWidget(self.speed)

    def _connect(self) -> None:
        self.play_button.clicked.connect(self.toggle_play)
        self.back_button.clicked.connect(lambda: self.step_frames(-1))
        self.forward_button.clicked.connect(lambda: self.step_frames(1))
        self.speed.currentIndexChanged.connect(
            lambda index: self.media.setPlaybackRate(self.speed.itemData(index))
        )
        self.timeline.seekRequested.connect(self.media.setPosition)
        self.media.tracksChanged.connect(self._tracks_changed)
        self.sound.activated.connect(self.media.setActiveAudioTrack)
        self.media.durationChanged.connect(self._duration_changed)
        self.media.positionChanged.connect(self._position_changed)
        self.media.playbackStateChanged.connect(self._state_changed)
        self.media.errorOccurred.connect(self._media_error)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, action in (
            (Qt.Key.Key_Space, self.toggle_play),
            (Qt.Key.Key_Comma, lambda: self.step_frames(-1)),
            (Qt.Key.Key_Period, lambda: self.step_frames(1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, context=context)
            shortcut.activated.connect(action)

    # -- loading ----------------------------------------------------------------

    def load(self, path: Path, markers: list[Marker] | None = None) -> None:
        """Probe ``path`` off the GUI thread, then play it; bookmarks beside it become markers."""
        self.media.stop()
        self.media.setSource(QUrl())
        self.info = None
        self._start_at = None
        self._show_sound_tracks([])
        self._set_ready(False)
        self.message.hide()
        self.timeline.set_markers(
            markers if markers is not None else bookmark_markers(load_bookmarks(path))
        )

        def work(_reporter: Reporter) -> MediaInfo:
            return probe(path)

        self._loads += 1
        ticket = self._loads

        def probed(info: MediaInfo) -> None:
            if ticket == self._loads:
                self._probed(info)

        operation = Operation(self, self.tr("Opening the clip…"), work, probed, self._probe_failed)
        self._pending = operation
        operation.done.connect(lambda: self._forget(operation))

    def _forget(self, operation: Operation) -> None:
        if self._pending is operation:
            self._pending = None

    def _probed(self, info: MediaInfo) -> None:
        self.info = info
        self.timeline.step_ms = 1000
        self.timeline.set_duration(round(info.duration_s * 1000))
        self.media.setSource(QUrl.fromLocalFile(info.path))
        self._set_ready(True)
        if self.window().focusWidget() is None:
            self.timeline.setFocus()  # so Space , . work without a click first
        self._position_changed(0)
        if self._start_at is not None:
            self.play_from(self._start_at)
        self.loaded.emit(info)

    def _probe_failed(self, exc: BaseException) -> None:
        reason = exc.message if isinstance(exc, EvidenceKitError) else str(exc)
        self._show_error(self.tr("This clip cannot be played. {reason}").format(reason=reason))

    def set_markers(self, markers: list[Marker]) -> None:
        self.timeline.set_markers(markers)

    # -- playing ----------------------------------------------------------------

    @property
    def frame_ms(self) -> int:
        fps = self.info.fps if self.info and self.info.fps > 0 else 30.0
        return max(1, round(1000 / fps))

    def play_from(self, ms: int) -> None:
        """Play from ``ms`` (a comment's moment); a clip still opening starts there when ready."""
        ready = (
            QMediaPlayer.MediaStatus.LoadedMedia,
            QMediaPlayer.MediaStatus.BufferingMedia,
            QMediaPlayer.MediaStatus.BufferedMedia,
            QMediaPlayer.MediaStatus.EndOfMedia,
        )
        if self.info is None or self.media.mediaStatus() not in ready:
            self._start_at = ms  # a seek before the media has loaded would be lost
            return
        self._start_at = None
        self.media.setPosition(ms)
        self.media.play()

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status is QMediaPlayer.MediaStatus.LoadedMedia and self._start_at is not None:
            self.play_from(self._start_at)

    def toggle_play(self) -> None:
        if not self.info:
            return
        if self.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.media.pause()
        else:
            if self.media.position() >= self.media.duration() > 0:
                self.media.setPosition(0)  # play again from the start once at the end
            self.media.play()

    def step_frames(self, count: int) -> None:
        """Pause and move ``count`` frames (negative: back)."""
        if not self.info:
            return
        self.media.pause()
        target = self.media.position() + count * self.frame_ms
        self.media.setPosition(max(0, min(target, self.media.duration())))

    def set_rate(self, rate: float) -> None:
        self.speed.setCurrentIndex(SPEEDS.index(rate))

    def _tracks_changed(self) -> None:
        count = len(self.media.audioTracks())
        # Names from the probe (language, title); Qt's metadata says "Default" for unknown.
        named = sound_tracks(self.info) if self.info is not None else []
        self._show_sound_tracks(
            named
            if len(named) == count
            else [SoundTrack(n, None, None) for n in range(1, count + 1)]
        )

    def _show_sound_tracks(self, tracks: list[SoundTrack]) -> None:
        self.sound.clear()
        for track in tracks:
            details = " · ".join(d for d in (track.language, track.title) if d)
            name = self.tr("Track {number}").format(number=track.number)
            self.sound.addItem(f"{name} ({details})" if details else name)
        if tracks:
            self.sound.setCurrentIndex(max(0, self.media.activeAudioTrack()))
        several = len(tracks) > 1
        self.sound.setVisible(several)
        self.sound_label.setVisible(several)

    def _duration_changed(self, ms: int) -> None:
        if ms > 0:
            self.timeline.set_duration(ms)
            self._position_changed(self.media.position())

    def _position_changed(self, ms: int) -> None:
        self.timeline.set_position(ms)
        self.time_label.setText(
            self.tr("{position} / {duration}").format(
                position=format_ms(ms, fraction=True),
                duration=format_ms(self.timeline.duration(), fraction=True),
            )
        )

    def _state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        pixmaps = QStyle.StandardPixmap
        icon = pixmaps.SP_MediaPause if playing else pixmaps.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setAccessibleName(self.tr("Pause") if playing else self.tr("Play"))

    def _media_error(self, error: QMediaPlayer.Error, text: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self.media.stop()
            self._show_error(self.tr("This clip cannot be played. {reason}").format(reason=text))

    def _show_error(self, text: str) -> None:
        self._set_ready(False)
        self.message.setText(text)
        # The problem colour of the theme in use: it reaches AA contrast in light and dark.
        self.message.setStyleSheet(f"color: {colour('problem').name()}; font-weight: bold;")
        self.message.show()
        self.failed.emit(text)

    def _set_ready(self, ready: bool) -> None:
        for widget in (
            self.play_button,
            self.back_button,
            self.forward_button,
            self.speed,
            self.sound,
            self.timeline,
        ):
            widget.setEnabled(ready)
        if not ready:
            self.time_label.setText(self.tr("No clip"))

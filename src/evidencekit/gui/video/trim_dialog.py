"""Choosing in and out points on a filmstrip, with a preview of the frame under the playhead.

Thumbnails and preview frames are decoded off the GUI thread through the
runner. Cutting without re-encoding needs the start on a keyframe; the dialog
takes a function that names the keyframes either side of a time (the media
core's trim planner, in the app) and offers to snap the start to the nearer one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.errors import Cancelled
from evidencekit.domain.tasks import Reporter
from evidencekit.gui.runner import Operation, operations, show_error
from evidencekit.gui.video.timeline import Timeline, format_ms
from evidencekit.media.probe import MediaInfo
from evidencekit.media.stills import still_jpeg

#: seconds -> (keyframe at or before, keyframe at or after), in seconds.
KeyframeFinder = Callable[[float], tuple[float, float]]

ON_KEYFRAME_S = 0.001


class TrimDialog(QDialog):
    """Returns the part to keep as ``selection()``: (start, end) in seconds."""

    thumbnailsReady = Signal()
    previewShown = Signal(int)  # the ms the preview frame was taken at

    def __init__(
        self,
        info: MediaInfo,
        parent: QWidget | None = None,
        *,
        continuous: bool = False,
        nearest_keyframes: KeyframeFinder | None = None,
        thumbnails: int = 12,
    ) -> None:
        super().__init__(parent)
        self.info = info
        self.continuous = continuous
        self._nearest = nearest_keyframes
        self._snap_to: float | None = None
        self._previewing = False  # a frame is being decoded for the preview
        self._preview_wanted: int | None = None
        self._images: list[QImage] = []
        self.setWindowTitle(self.tr("Trim the clip"))
        self.setAccessibleName(self.tr("Trim the clip"))
        self._build()
        duration = round(info.duration_s * 1000)
        self.filmstrip.set_duration(duration)
        self.filmstrip.set_range_editable(True)
        self.filmstrip.step_ms = max(1, round(1000 / info.fps)) if info.fps > 0 else 40
        self._update_points()
        self._make_thumbnails(thumbnails)
        self.filmstrip.setFocus()

    def _build(self) -> None:
        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(480, 270)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("background: black; color: white;")
        self.preview.setText(self.tr("Loading the filmstrip…"))
        self.preview.setAccessibleName(self.tr("Preview frame"))
        self.filmstrip = Timeline(self)
        self.filmstrip.setAccessibleName(self.tr("Filmstrip"))
        self.filmstrip.setMinimumHeight(84)
        self.points = QLabel(self)
        self.points.setAccessibleName(self.tr("Kept part"))
        help_text = QLabel(
            self.tr(
                "Drag the orange handles, or move with ← → (Shift: ten frames) "
                "and press I to set the start and O to set the end."
            ),
            self,
        )
        help_text.setWordWrap(True)
        self.rule = QLabel(
            self.tr(
                "This slot asks for continuous, unedited video: you can trim the beginning "
                "and the end, but not cut anything out of the middle."
            ),
            self,
        )
        self.rule.setWordWrap(True)
        self.rule.setAccessibleName(self.tr("Trimming rule"))
        self.rule.setStyleSheet("font-weight: bold;")
        self.rule.setVisible(self.continuous)
        self.keyframe_note = QLabel(self)
        self.keyframe_note.setWordWrap(True)
        self.keyframe_note.setAccessibleName(self.tr("Keyframe advice"))
        self.snap_button = QPushButton(self)
        self.snap_button.setAutoDefault(False)
        self.snap_button.clicked.connect(self.snap_start)
        snap_row = QHBoxLayout()
        snap_row.addWidget(self.keyframe_note, 1)
        snap_row.addWidget(self.snap_button)
        self.buttons = QDialogButtonBox(self)
        self.trim_button = self.buttons.addButton(
            self.tr("&Trim"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.trim_button.setAccessibleName(self.tr("Trim"))
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.filmstrip)
        layout.addWidget(self.points)
        layout.addWidget(help_text)
        layout.addWidget(self.rule)
        layout.addLayout(snap_row)
        layout.addWidget(self.buttons)
        self.resize(760, 600)
        self.filmstrip.seekRequested.connect(self._request_preview)
        self.filmstrip.inPointChanged.connect(lambda _ms: self._update_points())
        self.filmstrip.outPointChanged.connect(lambda _ms: self._update_points())

    # -- the selection ------------------------------------------------------------

    def selection(self) -> tuple[float, float]:
        start = self.filmstrip.in_point() or 0
        end = self.filmstrip.out_point()
        end = self.filmstrip.duration() if end is None else end
        return start / 1000, end / 1000

    def _update_points(self) -> None:
        start, end = self.selection()
        self.points.setText(
            self.tr("Keep {start} to {end} ({length} of {total})").format(
                start=format_ms(round(start * 1000), fraction=True),
                end=format_ms(round(end * 1000), fraction=True),
                length=format_ms(round((end - start) * 1000), fraction=True),
                total=format_ms(self.filmstrip.duration(), fraction=True),
            )
        )
        self._update_keyframe_offer(start, end)

    def _update_keyframe_offer(self, start: float, end: float) -> None:
        self._snap_to = None
        if self._nearest is None:
            self.keyframe_note.hide()
            self.snap_button.hide()
            return
        before, after = self._nearest(start)
        candidates = [k for k in (before, after) if 0 <= k < end]
        nearest = min(candidates, key=lambda k: abs(k - start), default=None)
        if nearest is None or abs(nearest - start) <= ON_KEYFRAME_S:
            self.keyframe_note.setText(
                self.tr("The start is on a keyframe: the clip is cut without re-encoding.")
            )
            self.snap_button.hide()
        else:
            self._snap_to = nearest
            self.keyframe_note.setText(
                self.tr(
                    "The start is between keyframes, so the first moments would be re-encoded. "
                    "Snap it to the nearest keyframe to cut without re-encoding."
                )
            )
            self.snap_button.setText(
                self.tr("&Snap to keyframe ({time})").format(
                    time=format_ms(round(nearest * 1000), fraction=True)
                )
            )
            self.snap_button.setAccessibleName(self.snap_button.text().replace("&", ""))
            self.snap_button.show()
        self.keyframe_note.show()

    def snap_start(self) -> None:
        if self._snap_to is None:
            return
        ms = round(self._snap_to * 1000)
        self.filmstrip.set_range(ms, self.filmstrip.out_point())
        self.filmstrip.set_position(ms)
        self._request_preview(ms)
        self._update_points()

    # -- pictures, off the GUI thread ------------------------------------------------

    def _make_thumbnails(self, count: int) -> None:
        path, duration = self.info.path, self.info.duration_s

        def work(reporter: Reporter) -> list[bytes]:
            pictures = []
            for index in range(count):
                reporter.check()
                pictures.append(still_jpeg(path, duration * (index + 0.5) / count, width=160))
                reporter.report(index + 1, count, "Making the filmstrip")
            return pictures

        Operation(self, self.tr("Making the filmstrip…"), work, self._thumbnails_made, self._failed)

    def _thumbnails_made(self, pictures: list[bytes]) -> None:
        self._images = [QImage.fromData(data) for data in pictures]
        self.filmstrip.set_thumbnails(self._images)
        self.thumbnailsReady.emit()
        self._request_preview(self.filmstrip.position())

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            self.preview.setText(self.tr("No pictures could be taken from this clip."))
            show_error(self, exc)

    def _request_preview(self, ms: int) -> None:
        """Show the nearest filmstrip picture at once, then the exact frame when decoded."""
        if self._images and self.filmstrip.duration() > 0:
            index = min(len(self._images) - 1, ms * len(self._images) // self.filmstrip.duration())
            self._show_picture(self._images[index])
        if self._previewing:
            self._preview_wanted = ms  # decode only the newest position once this one is done
            return
        self._preview_wanted = None
        frame_s = 1 / self.info.fps if self.info.fps > 0 else 0.04
        at = min(ms / 1000, max(0.0, self.info.duration_s - frame_s))
        path = self.info.path

        def work(_reporter: Reporter) -> bytes:
            return still_jpeg(path, at, width=640)

        self._previewing = True
        Operation(
            self,
            self.tr("Showing the frame…"),
            work,
            lambda data: self._preview_made(ms, data),
            lambda _exc: self._preview_made(ms, None),  # keep the filmstrip picture
        )

    def _preview_made(self, ms: int, data: bytes | None) -> None:
        self._previewing = False
        if self._preview_wanted is not None:
            self._request_preview(self._preview_wanted)
            return
        if data is not None:
            self._show_picture(QImage.fromData(data))
            self.previewShown.emit(ms)

    def _show_picture(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview.setPixmap(pixmap)

    def done(self, result: int) -> None:
        operations().cancel_all(owner=self)  # its pictures are not needed any more
        super().done(result)

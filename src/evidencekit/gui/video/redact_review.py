"""Reviewing the faces found in a clip before the protected copy is made.

The teacher scrubs the clip with every track's box drawn over the picture:
red boxes will be hidden, green ones are kept (herself, or a student with video
consent), grey dashed ones are struck out as not a face (by her, or by the finder's
second look, which the list says: those are left visible until she decides). Dragging a box where
the detector missed a face adds a track that the tracker follows; dragging
again on a later frame of that track nudges it there. Frames where a track was
lost or unsure are marked on the timeline. Decoding and following run off the
GUI thread through the runner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.consent import Student
from evidencekit.domain.ids import StudentId
from evidencekit.domain.redaction import (
    Box,
    Keep,
    RedactionError,
    RedactionPlan,
    RedactMode,
    add_manual_track,
    add_mute,
    hide_all_but_kept,
    keep_track,
    remove_track,
    replace_track_boxes,
    set_margin,
    set_mode,
)
from evidencekit.domain.tasks import Reporter
from evidencekit.gui.runner import Operation, operations, show_error
from evidencekit.gui.video.face_view import HIDDEN, KEPT, STRUCK, FaceView, ShownBox
from evidencekit.gui.video.timeline import Marker, Timeline, format_ms
from evidencekit.media.frame_at import frame_at

if TYPE_CHECKING:  # OpenCV behind it loads only when a face is followed
    from evidencekit.media.faces.face_follow import FollowedTrack

#: (plan, keyframes) -> the followed track; Qt-free, run off the GUI thread.
Follow = Callable[[RedactionPlan, dict[int, Box], Reporter], "FollowedTrack"]

#: The dialog's result when the teacher chose to pack the clip as filmed after all.
STOP_PROTECTING = 2


class RedactReviewDialog(QDialog):
    """``plan()`` is the reviewed plan once the dialog is accepted."""

    frameShown = Signal(int)
    trackAdded = Signal(int)

    def __init__(
        self,
        path: Path,
        plan: RedactionPlan,
        *,
        follow: Follow,
        students: list[Student] | None = None,
        can_stop: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._can_stop = can_stop  # a plan saved before: offer to drop it
        self.path = path
        self._plan = plan
        self._follow = follow
        self._students = [s for s in students or [] if s.video]
        self._frame = 0
        self._decoding = False  # a frame is being decoded
        self._frame_wanted: int | None = None
        self._following = False  # a face is being followed from a drawn box
        self._image: QImage | None = None
        self.setWindowTitle(self.tr("Review hidden faces"))
        self.setAccessibleName(self.tr("Review hidden faces"))
        self._build()
        self._refresh_tracks()
        # Where detection may have missed faces is where the review starts.
        self.show_frame(self._plan.cautions[0].first if self._plan.cautions else 0)

    def plan(self) -> RedactionPlan:
        return self._plan

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.view = FaceView(self)
        self.view.set_rotation(self._plan.rotation)
        self.timeline = Timeline(self)
        self.timeline.setAccessibleName(self.tr("Clip timeline"))
        self.timeline.set_duration(round(self._plan.duration_s * 1000))
        self.timeline.set_range_editable(True)
        self.position = QLabel(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("What was found"))
        self.hide_all = QCheckBox(self.tr("Hide everything except kept faces"), self)
        self.hide_all.setToolTip(
            self.tr(
                "Blurs the whole picture outside the faces you keep: for clips where faces "
                "may have been missed."
            )
        )
        self.hide_all.setChecked(self._plan.hide_all_but_kept)
        self.tracks = QListWidget(self)
        self.tracks.setAccessibleName(self.tr("Face tracks"))
        self.keep_as = QComboBox(self)
        self.keep_as.setAccessibleName(self.tr("Keep visible as"))
        # The choices, by row: hidden, the teacher, then each student with video consent.
        self._keeps: list[Keep | None] = [None, Keep(teacher=True)]
        self.keep_as.addItem(self.tr("Hidden"))
        self.keep_as.addItem(self.tr("Me (the teacher)"))
        for student in self._students:
            self._keeps.append(Keep(student_id=student.id))
            self.keep_as.addItem(self.tr("{name} (video consent)").format(name=student.name))
        self.not_face = QCheckBox(self.tr("Not a face"), self)
        self.margin = QSpinBox(self)
        self.margin.setRange(0, 200)
        self.margin.setSuffix(" %")
        self.margin.setValue(round(self._plan.margin * 100))
        self.margin.setAccessibleName(self.tr("Margin around faces"))
        self.mode = QComboBox(self)
        for mode, label in (
            (RedactMode.BLUR, self.tr("Blur")),
            (RedactMode.PIXELATE, self.tr("Pixelate")),
            (RedactMode.FILL, self.tr("Fill")),
        ):
            self.mode.addItem(label, mode)
        self.mode.setCurrentIndex(self.mode.findData(self._plan.mode))
        self.mode.setAccessibleName(self.tr("How faces are hidden"))
        self.next_flag = QPushButton(self.tr("&Next frame to check"), self)
        self.mute = QPushButton(self.tr("&Mute the marked range"), self)
        self.mute.setToolTip(self.tr("Set the range with the timeline's handles (I and O keys)."))
        self.mutes = QLabel(self)
        self.mutes.setWordWrap(True)
        help_text = QLabel(
            self.tr(
                "Red-tinted areas will be hidden. Drag a box over a face the detector missed; "
                "drag again on a later frame to move a box you drew."
            ),
            self,
        )
        help_text.setWordWrap(True)
        side = QFormLayout()
        side.addRow(self.summary)
        side.addRow(self.hide_all)
        side.addRow(self.tracks)
        side.addRow(self.tr("Keep visible as"), self.keep_as)
        side.addRow(self.not_face)
        side.addRow(self.tr("Margin"), self.margin)
        side.addRow(self.tr("Hide by"), self.mode)
        side.addRow(self.next_flag)
        side.addRow(self.mute)
        side.addRow(self.mutes)
        top = QHBoxLayout()
        top.addWidget(self.view, 3)
        top.addLayout(side, 1)
        self.buttons = QDialogButtonBox(self)
        self.protect = self.buttons.addButton(
            self.tr("&Protect the clip"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.stop = self.buttons.addButton(
            self.tr("&Stop protecting"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.stop.setToolTip(
            self.tr(
                "Forget the hidden faces: the clip is sealed as filmed, so every student "
                "in it needs consent"
            )
        )
        self.stop.setVisible(self._can_stop)
        self.stop.clicked.connect(lambda: self.done(STOP_PROTECTING))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.timeline)
        layout.addWidget(self.position)
        layout.addWidget(help_text)
        layout.addWidget(self.buttons)
        self.resize(1000, 680)
        self.timeline.seekRequested.connect(lambda ms: self.show_frame(self._plan.frame_at_ms(ms)))
        self.view.boxDrawn.connect(self._box_drawn)
        self.view.trackClicked.connect(self._select_track)
        self.tracks.currentRowChanged.connect(lambda _row: self._track_selected())
        self.keep_as.activated.connect(lambda _i: self._keep_changed())
        self.not_face.clicked.connect(self._struck_changed)
        self.hide_all.clicked.connect(
            lambda on: self._edit(hide_all_but_kept(self._plan, bool(on)))
        )
        self.margin.editingFinished.connect(self._margin_changed)
        self.mode.activated.connect(
            lambda _i: self._edit(set_mode(self._plan, self.mode.currentData()))
        )
        self.next_flag.clicked.connect(self.next_flagged)
        self.mute.clicked.connect(self._mute_range)

    # -- the track list -----------------------------------------------------------------

    def _describe(self, track_id: int) -> str:
        track = self._plan.track(track_id)
        times = self._plan.frame_times_ms
        span = f"{format_ms(times[track.start])}–{format_ms(times[track.end])}"
        if self._plan.left_unsure(track):
            state = self.tr("not hidden, unsure it is a face: look at it")
        elif track.removed:
            state = self.tr("not a face")
        elif track.keep is None:
            state = self.tr("hidden")
        elif track.keep.teacher:
            state = self.tr("kept: me")
        else:
            names: dict[StudentId | None, str] = {s.id: s.name for s in self._students}
            state = self.tr("kept: {name}").format(name=names.get(track.keep.student_id, "?"))
        if track.keyframes:
            how = self.tr(", drawn by hand")
        else:
            how = self.tr(", {sure} % sure").format(sure=round(100 * track.score))
        return self.tr("Face {id} ({span}{how}): {state}").format(
            id=track.id, span=span, state=state, how=how
        )

    def _summarize(self) -> str:
        """How many faces, how sure, and where detection may have missed some, in words."""
        faces = [t for t in self._plan.tracks if not t.removed]
        lines = [self.tr("%n faces found.", "", len(faces))]
        detected = [t for t in faces if not t.keyframes]
        if detected:
            least = min(detected, key=lambda t: t.score)
            lines.append(
                self.tr("Least sure: face {id}, {sure} % sure.").format(
                    id=least.id, sure=round(100 * least.score)
                )
            )
        for caution in self._plan.cautions:
            lines.append(
                self.tr("Check: {what}").format(what=caution.describe(self._plan.frame_times_ms))
            )
        return "\n".join(lines)

    def _refresh_tracks(self) -> None:
        current = self.selected_track()
        self.tracks.blockSignals(True)
        self.tracks.clear()
        for track in self._plan.tracks:
            item = QListWidgetItem(self._describe(track.id))
            item.setData(Qt.ItemDataRole.UserRole, track.id)
            self.tracks.addItem(item)
            if track.id == current:
                self.tracks.setCurrentItem(item)
        self.tracks.blockSignals(False)
        self.summary.setText(self._summarize())
        self.hide_all.setChecked(self._plan.hide_all_but_kept)
        self.timeline.set_markers(
            Marker(self._plan.frame_times_ms[f], self.tr("Check this frame"), "question")
            for f in self._plan.flagged_frames()
        )
        self.mutes.setText(
            "\n".join(
                self.tr("Muted {start}–{end}").format(
                    start=format_ms(round(a * 1000), fraction=True),
                    end=format_ms(round(b * 1000), fraction=True),
                )
                for a, b in self._plan.mutes
            )
        )
        self._track_selected()

    def selected_track(self) -> int | None:
        item = self.tracks.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _select_track(self, track_id: int) -> None:
        for row in range(self.tracks.count()):
            if self.tracks.item(row).data(Qt.ItemDataRole.UserRole) == track_id:
                self.tracks.setCurrentRow(row)

    def _track_selected(self) -> None:
        track_id = self.selected_track()
        enabled = track_id is not None
        self.keep_as.setEnabled(enabled)
        self.not_face.setEnabled(enabled)
        if track_id is not None:
            track = self._plan.track(track_id)
            index = self._keeps.index(track.keep) if track.keep in self._keeps else 0
            self.keep_as.setCurrentIndex(index)
            self.not_face.setChecked(track.removed)
        self._draw_boxes()

    # -- edits ----------------------------------------------------------------------------

    def _edit(self, plan: RedactionPlan) -> None:
        self._plan = plan
        self._refresh_tracks()

    def _keep_changed(self) -> None:
        track_id = self.selected_track()
        if track_id is not None:
            self._edit(keep_track(self._plan, track_id, self._keeps[self.keep_as.currentIndex()]))

    def _struck_changed(self) -> None:
        track_id = self.selected_track()
        if track_id is not None:
            self._edit(remove_track(self._plan, track_id, self.not_face.isChecked()))

    def _margin_changed(self) -> None:
        margin = self.margin.value() / 100
        if abs(margin - self._plan.margin) > 1e-9:
            self._edit(set_margin(self._plan, margin))

    def _mute_range(self) -> None:
        start, end = self.timeline.in_point(), self.timeline.out_point()
        try:
            if start is None or end is None:
                raise RedactionError(self.tr("Set the start and end of the range first."))
            self._edit(add_mute(self._plan, start / 1000, end / 1000))
        except RedactionError as exc:
            show_error(self, exc)

    def next_flagged(self) -> None:
        later = [f for f in self._plan.flagged_frames() if f > self._frame]
        if later:
            self.show_frame(later[0])

    def _box_drawn(self, box: Box) -> None:
        if self._following:
            return
        frame = self._frame
        track_id = self.selected_track()
        track = None if track_id is None else self._plan.track(track_id)
        # With a hand-drawn track selected, a new box is a nudge: one more keyframe for it.
        nudging = track is not None and bool(track.keyframes)
        keyframes = {**track.keyframes, frame: box} if track is not None and nudging else {}
        keyframes = keyframes or {frame: box}
        plan, follow = self._plan, self._follow

        def work(reporter: Reporter) -> FollowedTrack:
            return follow(plan, keyframes, reporter)

        def done(followed: FollowedTrack) -> None:
            self._following = False
            if nudging and track is not None:
                self._edit(
                    replace_track_boxes(
                        self._plan,
                        track.id,
                        followed.start,
                        followed.boxes,
                        keyframes,
                        followed.flagged,
                    )
                )
                self.trackAdded.emit(track.id)
            else:
                edited, new_id = add_manual_track(
                    self._plan, followed.start, followed.boxes, keyframes, followed.flagged
                )
                self._edit(edited)
                self._select_track(new_id)
                self.trackAdded.emit(new_id)

        def failed(exc: BaseException) -> None:
            self._following = False
            show_error(self, exc)

        self._following = True
        Operation(self, self.tr("Following the face…"), work, done, failed)

    # -- frames ----------------------------------------------------------------------------

    def show_frame(self, index: int) -> None:
        index = max(0, min(index, self._plan.frame_count - 1))
        if self._decoding:
            self._frame_wanted = index  # decode only the newest position once this one is done
            return
        self._frame_wanted = None
        path, times = self.path, self._plan.frame_times_ms

        def work(_reporter: Reporter) -> QImage:
            picture = frame_at(path, times, index)
            h, w, _ = picture.shape
            return QImage(picture.data, w, h, w * 3, QImage.Format.Format_BGR888).copy()

        self._decoding = True
        Operation(
            self,
            self.tr("Showing the frame…"),
            work,
            lambda image: self._frame_made(index, image),
            lambda exc: self._frame_made(index, None, exc),
        )

    def _frame_made(
        self, index: int, image: QImage | None, exc: BaseException | None = None
    ) -> None:
        self._decoding = False
        if self._frame_wanted is not None:
            self.show_frame(self._frame_wanted)
            return
        if image is None:
            show_error(self, exc or ValueError())
            return
        self._frame = index
        self._image = image
        ms = self._plan.frame_times_ms[index]
        self.timeline.set_position(ms)
        self.position.setText(
            self.tr("Frame {n} at {time}").format(n=index, time=format_ms(ms, fraction=True))
        )
        self.view.set_frame(image, self._shown_boxes())
        self.frameShown.emit(index)

    def _shown_boxes(self) -> list[ShownBox]:
        selected = self.selected_track()
        shown = []
        for track in self._plan.tracks:
            box = track.box_at(self._frame)
            if box is None:
                continue
            hidden = not track.removed and track.keep is None
            colour = HIDDEN if hidden else STRUCK if track.removed else KEPT
            covered = None
            if hidden:
                x0, y0, x1, y1 = self._plan.hidden_area(box)
                covered = Box(x0, y0, x1 - x0, y1 - y0)
            shown.append(
                ShownBox(track.id, box, colour, str(track.id), track.id == selected, covered)
            )
        return shown

    def _draw_boxes(self) -> None:
        self.view.set_boxes(self._shown_boxes())

    def done(self, result: int) -> None:
        operations().cancel_all(owner=self)
        super().done(result)

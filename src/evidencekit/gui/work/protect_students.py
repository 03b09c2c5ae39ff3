"""'Protect students' on a clip: find the faces, let the teacher review them, make the copy.

Finding faces and making the redacted copy are long, so both run through the
runner with progress and Cancel. A clip that was already looked at reopens
with its saved plan, so her earlier decisions are kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.redaction import Box, RedactionPlan
from evidencekit.domain.submissions import Clip
from evidencekit.domain.tasks import Reporter
from evidencekit.gui.runner import Operation, show_error
from evidencekit.gui.video.redact_review import STOP_PROTECTING, RedactReviewDialog
from evidencekit.services import redaction, roster
from evidencekit.storage.workspace import Workspace

if TYPE_CHECKING:  # OpenCV behind it loads only when a face is followed
    from evidencekit.media.faces.face_follow import FollowedTrack


class ProtectStudents(QObject):
    """One clip's protection, from finding faces to the finished copy."""

    changed = Signal()  # a plan was saved or finished: preflight has news
    reviewOpened = Signal(object)  # the RedactReviewDialog, for tests and screenshots

    def __init__(self, parent: QWidget, workspace: Workspace) -> None:
        super().__init__(parent)
        self._parent = parent
        self.workspace = workspace

    def start(self, clip: Clip) -> None:
        plan = redaction.redaction_plan(self.workspace, clip)
        if plan is not None:
            self._review(clip, plan, can_stop=True)
            return
        workspace = self.workspace

        def work(reporter: Reporter) -> RedactionPlan:
            return redaction.protect_clip(workspace, clip, reporter)

        def found(plan: RedactionPlan) -> None:
            self.changed.emit()
            self._review(clip, plan)

        Operation(self._parent, self.tr("Finding faces…"), work, found, self._failed)

    def _failed(self, exc: BaseException) -> None:
        show_error(self._parent, exc)

    def _review(self, clip: Clip, plan: RedactionPlan, *, can_stop: bool = False) -> None:
        workspace = self.workspace

        def follow(
            current: RedactionPlan,
            keyframes: dict[int, Box],
            reporter: Reporter,
        ) -> FollowedTrack:
            return redaction.follow_face(workspace, clip, current, keyframes, reporter)

        dialog = RedactReviewDialog(
            redaction.clip_path(workspace, clip),
            plan,
            follow=follow,
            students=roster.list_students(workspace),
            can_stop=can_stop,
            parent=self._parent,
        )
        dialog.finished.connect(lambda result: self._reviewed(clip, dialog, result))
        dialog.open()
        self.reviewOpened.emit(dialog)

    def _reviewed(self, clip: Clip, dialog: RedactReviewDialog, result: int) -> None:
        plan = dialog.plan()
        dialog.deleteLater()
        if result == STOP_PROTECTING:
            redaction.stop_protecting(self.workspace, clip)  # preflight judges the clip again
            self.changed.emit()
            return
        try:
            redaction.save_review(self.workspace, clip, plan)
        except EvidenceKitError as exc:  # a refused keep: say why, keep nothing
            self._failed(exc)
            return
        self.changed.emit()
        if result != QDialog.DialogCode.Accepted:
            return
        workspace = self.workspace

        def work(reporter: Reporter) -> RedactionPlan:
            return redaction.finish_redaction(workspace, clip, plan, reporter)

        def finished(_plan: RedactionPlan) -> None:
            self.changed.emit()

        Operation(self._parent, self.tr("Making the protected copy…"), work, finished, self._failed)

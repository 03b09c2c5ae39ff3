"""Bundles in and out of the main window: seal a submission, check a bundle, open one
to review (as evaluator or coach), and take a returned review back in as feedback.

Each action is a dialog plus long work through the runner; the windows and dialogs
it opens are also announced by signals, which tests and screenshots drive.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from evidencekit.bundle.signing.contact import Contact
from evidencekit.bundle.verify import Verdict, is_age_file
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.review import ReviewerRole
from evidencekit.gui.deferred_imports import deferred
from evidencekit.gui.dialogs.people_dialogs import TrustDialog, ask_about_me_once
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.dialogs.verdict_dialog import VerdictDialog, check_bundle_file
from evidencekit.gui.runner import Operation, show_error
from evidencekit.services.people import trust
from evidencekit.services.workspace_state import Changes
from evidencekit.storage.workspace import Workspace

# Sealing (ReportLab, OpenCV for stills), the review window and the feedback player
# (Qt Multimedia) are imported when first used, not at every start of the app.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from evidencekit.bundle.packer import PackResult
    from evidencekit.gui.dialogs.seal_dialog import SealDialog
    from evidencekit.gui.main_window.shell import WindowShell
    from evidencekit.gui.review.review_window import ReviewWindow
    from evidencekit.services import review_sessions, wallet
else:  # loaded behind the first paint (they need the ORM)
    review_sessions = deferred("evidencekit.services.review_sessions")
    wallet = deferred("evidencekit.services.wallet")


def documents_folder() -> Path:
    """Where a sealed bundle goes unless she chooses otherwise."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


class FeedbackDialog(QDialog):
    """A submission's returned reviews: markers on her clips, the decision, next attempt."""

    def __init__(self, workspace: Workspace, submission_id: int, title: str, parent: QWidget):
        from evidencekit.gui.review.feedback_panel import FeedbackPanel

        super().__init__(parent)
        self.setWindowTitle(self.tr("Feedback on “{title}”").format(title=title))
        self.setAccessibleName(self.windowTitle())
        self.panel = FeedbackPanel(workspace, submission_id, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(close)
        self.resize(900, 700)


class BundleActions(QObject):
    sealed = Signal(object)  # PackResult
    verdictShown = Signal(object)  # VerdictDialog
    reviewOpened = Signal(object)  # ReviewWindow
    feedbackOpened = Signal(object)  # FeedbackDialog
    signerAsked = Signal(object)  # SignerDialog, before it opens
    pathwayIssued = Signal(object)  # the path of the credential written
    trustAsked = Signal(object)  # TrustDialog, for a stranger's bundle
    trusted = Signal(str)  # a fingerprint she has just trusted

    def __init__(self, window: WindowShell) -> None:
        super().__init__(window)
        self.window = window
        self.reviews: list[ReviewWindow] = []  # open review windows, kept alive here

    # -- teacher --------------------------------------------------------------------------

    def seal(self) -> None:
        if self.window.detail is None:
            self._say(self.tr("Select the submission to seal first."))
            return
        ask_about_me_once(self.window, "teacher", lambda: self._ask_seal())

    def _ask_seal(self, draft: bool = False) -> SealDialog | None:
        """The seal dialog; with ``draft``, for a draft for coaching."""
        from evidencekit.gui.dialogs.seal_dialog import SealDialog

        detail = self.window.detail
        if detail is None:
            return None
        dialog = SealDialog(
            detail.submission.title,
            detail.attempt.number,
            documents_folder(),
            self.window,
            draft=draft,
        )
        submission_id = detail.submission.id
        dialog.accepted.connect(lambda: self._seal(submission_id, dialog))
        dialog.open()
        return dialog

    def _seal(self, submission_id: int, dialog: SealDialog) -> None:
        from evidencekit.gui.dialogs.seal_dialog import seal_submission

        done = self._drafted if dialog.draft else self._sealed
        seal_submission(
            self.window,
            self.window.workspace,
            submission_id,
            dialog,
            lambda result: done(submission_id, result),
        )

    def ask_coach(self) -> None:
        """Pack the submission as it is now, unfinished or not, as a draft for coaching."""
        if self.window.detail is None:
            self._say(self.tr("Select the submission to share with a coach first."))
            return
        ask_about_me_once(self.window, "teacher", lambda: self._ask_seal(draft=True))

    def _drafted(self, submission_id: int, result: PackResult) -> None:
        self.window.state.apply(Changes.of_submission(submission_id, submissions=True))
        self._say(
            self.tr(
                "Packed a draft for coaching into {file}. Send it to your coach; when their "
                "comments come back, open them with Review ▸ Feedback on this submission."
            ).format(file=result.path)
        )
        self.sealed.emit(result)

    def _sealed(self, submission_id: int, result: PackResult) -> None:
        self.window.state.apply(Changes.of_submission(submission_id, submissions=True))
        self._say(
            self.tr(
                "Sealed into {file} ({size:.1f} MB). Send this file to your evaluator; "
                "when the review comes back, open it with Review ▸ Feedback on this submission."
            ).format(file=result.path, size=result.size_bytes / 1e6)
        )
        self.sealed.emit(result)

    def feedback(self) -> FeedbackDialog | None:
        detail = self.window.detail
        if detail is None:
            self._say(self.tr("Select a submission to see its feedback."))
            return None
        return self.feedback_on(detail.submission.id, detail.submission.title)

    def feedback_on(self, submission_id: int, title: str) -> FeedbackDialog:
        dialog = FeedbackDialog(self.window.workspace, submission_id, title, self.window)
        # A review taken in may earn it, or start the next attempt.
        dialog.panel.changed.connect(
            lambda: self.window.state.apply(
                Changes.of_submission(submission_id, submissions=True, reviews=True)
            )
        )
        dialog.open()
        self.feedbackOpened.emit(dialog)
        return dialog

    # -- evaluator and coach --------------------------------------------------------------

    def check(self, path: Path | None = None) -> None:
        path = path or self._choose_bundle(self.tr("Check a bundle"))
        if path is None:
            return
        if not is_age_file(path):
            self._check(path, None)
            return
        self._ask_key(
            self.tr("Open an encrypted bundle"),
            self.tr("This bundle is encrypted. Open it with the identity it was encrypted for."),
            self.tr("&Open"),
            lambda key: self._check(path, key),
        )

    def _check(self, path: Path, key: Ed25519PrivateKey | None) -> None:
        check_bundle_file(self.window, path, key, self._show_verdict)

    def _show_verdict(self, verdict: Verdict) -> None:
        dialog = VerdictDialog(verdict, self.window)
        dialog.open()
        self.verdictShown.emit(dialog)

    def review(self, role: ReviewerRole, path: Path | None = None) -> None:
        coach = role is ReviewerRole.COACH
        path = path or self._choose_bundle(
            self.tr("Comment on a draft bundle") if coach else self.tr("Review a bundle")
        )
        if path is None:
            return
        ask_about_me_once(self.window, role.value, lambda: self._ask_reviewer_key(path, role))

    def _ask_reviewer_key(self, path: Path, role: ReviewerRole) -> None:
        coach = role is ReviewerRole.COACH
        self._ask_key(
            self.tr("Comment as coach") if coach else self.tr("Review as evaluator"),
            self.tr(
                "Your comments{scores} are signed with this identity, so the teacher's app "
                "can tell they are yours. An encrypted bundle opens with it too."
            ).format(scores="" if coach else self.tr(" and scores")),
            self.tr("&Open"),
            lambda key: self._review(path, role, key),
        )

    def _review(self, path: Path, role: ReviewerRole, key: Ed25519PrivateKey) -> None:
        from evidencekit.gui.review.review_window import start_review

        def failed(error: BaseException) -> None:
            if isinstance(error, review_sessions.UnknownSigner):
                self._trust_sealer(error, lambda: self._review(path, role, key))
            else:
                show_error(self.window, error)

        start_review(
            self.window, self.window.workspace, path, role, key, self._review_opened, failed
        )

    def _trust_sealer(
        self, stranger: review_sessions.UnknownSigner, then: Callable[[], None]
    ) -> TrustDialog:
        """Trust on first contact: the teacher who sealed it, if she says so; else nothing."""
        dialog = TrustDialog(
            self.tr("{name} is sealed by a teacher you have not trusted yet.").format(
                name=stranger.bundle_name
            ),
            "",
            stranger.fingerprint,
            ("teacher",),
            self.window,
        )

        def trusted() -> None:
            if dialog.chosen_role is None:
                return
            trust(
                Contact(stranger.public_key, dialog.name.text().strip(), None), dialog.chosen_role
            )
            self.trusted.emit(stranger.fingerprint)
            then()

        dialog.accepted.connect(trusted)
        self.trustAsked.emit(dialog)
        dialog.open()
        return dialog

    def resume(self, draft_id: int) -> ReviewWindow | None:
        """Reopen one of my reviews where I left it (no key needed until it is signed)."""
        from evidencekit.gui.review.review_window import ReviewWindow
        from evidencekit.services.review_sessions import load_session

        try:
            session = load_session(self.window.workspace, draft_id)
        except (EvidenceKitError, OSError) as exc:
            show_error(self.window, exc)
            return None
        window = ReviewWindow(self.window.workspace, session)
        window.show()
        self._review_opened(window)
        return window

    def _review_opened(self, window: ReviewWindow) -> None:
        self.reviews.append(window)
        self.reviewOpened.emit(window)

    def issue_pathway(self, request: Path | None = None) -> None:
        """Answer a teacher's pathway request with the pathway's credential."""
        if request is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self.window,
                self.tr("A teacher's pathway request"),
                str(documents_folder()),
                self.tr("Pathway requests (*.json)"),
            )
            if not chosen:
                return
            request = Path(chosen)
        self._ask_key(
            self.tr("Issue a pathway credential"),
            self.tr(
                "The credential is signed with this identity. Each credential in the request "
                "must come from an evaluator you trust."
            ),
            self.tr("&Sign"),
            lambda key: self._issue_pathway(request, key),
        )

    def _issue_pathway(self, request: Path, key: Ed25519PrivateKey) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Save the pathway credential"),
            str(request.with_name(request.stem.removesuffix("-request") + "-credential.json")),
            self.tr("Credentials (*.json)"),
        )
        if not chosen:
            return
        target, workspace = Path(chosen), self.window.workspace

        def done(issued: dict) -> None:
            self._say(
                self.tr("Issued “{name}” into {file}; send it back to the teacher.").format(
                    name=issued.get("name", ""), file=target
                )
            )
            self.pathwayIssued.emit(target)

        # The save dialog has already asked about replacing an existing file.
        Operation(
            self.window,
            self.tr("Issuing the pathway credential"),
            lambda _reporter: wallet.answer_pathway_request(
                workspace, request, key, target, overwrite=True
            ),
            done,
        )

    # -- helpers --------------------------------------------------------------------------

    def _choose_bundle(self, title: str) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window, title, str(documents_folder()), self.tr("Bundles (*.evkit *.age)")
        )
        return Path(chosen) if chosen else None

    def _ask_key(
        self, title: str, note: str, ok_text: str, then: Callable[[Ed25519PrivateKey], object]
    ) -> None:
        dialog = SignerDialog(title, note, self.window, ok_text=ok_text)
        dialog.accepted.connect(lambda: dialog.signer and then(dialog.signer))
        self.signerAsked.emit(dialog)
        dialog.open()

    def _say(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("EvidenceKit"), text)
        box.setParent(self.window, box.windowFlags())
        box.setAccessibleName(self.tr("Message"))
        box.open()
        self.window.statusBar().showMessage(text, 10_000)

"""The teacher's view of a returned review: the decision, comments as markers on her own
clips, and trying again with a summary of what changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidencekit.bundle.reply_file import SUFFIX as REPLIES_SUFFIX
from evidencekit.bundle.review_file import UnknownReviewer
from evidencekit.bundle.signing.contact import Contact
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.review import Decision, ReviewerRole
from evidencekit.domain.submissions import AttemptStatus, Clip, Essay
from evidencekit.domain.text import format_duration
from evidencekit.gui.dialogs.people_dialogs import TrustDialog, role_label
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.runner import show_error
from evidencekit.gui.video.player import Player
from evidencekit.gui.video.timeline import Marker
from evidencekit.services.feedback import (
    Feedback,
    MomentFeedback,
    add_reply,
    export_replies,
    feedback_for,
    import_review,
    replies,
)
from evidencekit.services.people import trust
from evidencekit.services.resubmission import changes_since_previous, start_next_attempt
from evidencekit.services.submissions import submission_detail
from evidencekit.storage.workspace import Workspace

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

NoteRole = Qt.ItemDataRole.UserRole + 1
ReviewerKeyRole = Qt.ItemDataRole.UserRole + 2  # the fingerprint of whoever wrote it


class FeedbackPanel(QWidget):
    """Everything reviewers said about one submission. ``changed`` fires after an import
    or a new attempt, so the rest of the window can refresh."""

    changed = Signal()
    trustAsked = Signal(object)  # TrustDialog, for a review from someone unknown
    signerAsked = Signal(object)  # SignerDialog, before it opens
    repliesSent = Signal(object)  # the Path of the replies file written

    def __init__(self, workspace: Workspace, submission_id: int, parent=None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.submission_id = submission_id
        self.setAccessibleName(self.tr("Feedback"))
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName(self.tr("Review decision"))
        self.clip_choice = QComboBox(self)
        self.clip_choice.setAccessibleName(self.tr("Clip"))
        self.player = Player(self)
        self.essay_view = QPlainTextEdit(self)
        self.essay_view.setReadOnly(True)
        self.essay_view.setAccessibleName(self.tr("Essay"))
        self.viewer = QStackedWidget(self)
        self.viewer.addWidget(self.player)
        self.viewer.addWidget(self.essay_view)
        self.notes = QListWidget(self)
        self.notes.setAccessibleName(self.tr("Comments from reviewers"))
        self.notes.setWordWrap(True)
        self.notes.itemClicked.connect(self._play_note)
        self.notes.currentItemChanged.connect(lambda *_: self._sync_reply())
        self.by_author = QComboBox(self)
        self.by_author.setAccessibleName(self.tr("Show comments by"))
        self.by_category = QComboBox(self)
        self.by_category.setAccessibleName(self.tr("Show category"))
        self.by_author.currentIndexChanged.connect(lambda _i: self._fill_notes())
        self.by_category.currentIndexChanged.connect(lambda _i: self._fill_notes())
        self.reply_text = QLineEdit(self)
        self.reply_text.setAccessibleName(self.tr("Your reply"))
        self.reply_text.setPlaceholderText(self.tr("Answer the selected comment…"))
        self.reply_text.returnPressed.connect(lambda: self.reply())
        self.reply_button = QPushButton(self.tr("&Reply"), self)
        self.reply_button.setAccessibleName(self.tr("Reply"))
        self.reply_button.clicked.connect(lambda: self.reply())
        self.send_button = QPushButton(self.tr("&Send my replies…"), self)
        self.send_button.setAccessibleName(self.tr("Send my replies"))
        self.send_button.clicked.connect(lambda: self.send_replies())
        self.import_button = QPushButton(self.tr("&Import a review…"), self)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.next_button = QPushButton(self.tr("Start the next &attempt"), self)
        self.next_button.clicked.connect(self.start_next)
        self.changes_button = QPushButton(self.tr("What &changed?"), self)
        self.changes_button.clicked.connect(lambda: self.show_changes())
        buttons = QHBoxLayout()
        for button in (self.import_button, self.next_button, self.changes_button):
            button.setAccessibleName(button.text().replace("&", ""))
            buttons.addWidget(button)
        buttons.addStretch(1)  # each at its own width, not spread across the window
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(buttons)
        layout.addWidget(self.clip_choice)
        layout.addWidget(self.viewer, 3)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Comments by"), self))
        filters.addWidget(self.by_author, 1)
        filters.addWidget(self.by_category, 1)
        layout.addLayout(filters)
        layout.addWidget(self.notes, 2)
        replying = QHBoxLayout()
        replying.addWidget(self.reply_text, 1)
        replying.addWidget(self.reply_button)
        replying.addWidget(self.send_button)
        layout.addLayout(replying)
        self.clip_choice.currentIndexChanged.connect(self._show_clip)
        self.feedback: list[Feedback] = []
        self.refresh()

    def refresh(self) -> None:
        self.feedback = feedback_for(self.workspace, self.submission_id)
        detail = submission_detail(self.workspace, self.submission_id)
        evaluated = next((f for f in self.feedback if f.role is ReviewerRole.EVALUATOR), None)
        if evaluated is None and self.feedback:
            self.headline.setText(
                self.tr(
                    "Comments from your coach are below. Nothing is scored until you seal "
                    "the submission for an evaluator."
                )
            )
        elif evaluated is None:
            self.headline.setText(self.tr("No review has come back yet."))
        elif evaluated.decision is Decision.EARNED:
            self.headline.setText(
                self.tr("<b>Earned.</b> Attempt {n} met every passing rule.").format(
                    n=evaluated.attempt_number
                )
            )
        else:
            self.headline.setText(
                self.tr(
                    "<b>Not yet.</b> Attempt {n} came back with feedback: read it on your "
                    "clips and in the checklist, then start the next attempt."
                ).format(n=evaluated.attempt_number)
            )
        self.next_button.setEnabled(detail.attempt.status is AttemptStatus.RETURNED)
        self.changes_button.setEnabled(detail.attempt.number > 1)
        self.essays: dict[str, Essay] = {
            e.slot_id: e for e in detail.evidence if isinstance(e, Essay)
        }
        self.clip_choice.blockSignals(True)
        self.clip_choice.clear()
        requirements = {slot.id: slot.title for slot in detail.slots()}
        for item in detail.evidence:
            if isinstance(item, Clip):
                # The requirement first: a clip's own title is often just its file's name.
                requirement = requirements.get(item.slot_id, "")
                name = (
                    self.tr("{requirement} — {title}").format(
                        requirement=requirement, title=item.title
                    )
                    if requirement and requirement != item.title
                    else item.title
                )
                self.clip_choice.addItem(name, item)
        self.clip_choice.blockSignals(False)
        self._fill_filters()
        self._fill_notes()
        self._show_clip()

    # -- the comments, filtered ---------------------------------------------------------

    def author_of(self, feedback: Feedback) -> str:
        """ "Cora Lind (coach)": who said it, in which role."""
        name = feedback.reviewer_name or self.tr("Unnamed reviewer")
        return f"{name} ({role_label(feedback.role.value)})"

    def _fill_filters(self) -> None:
        for combo, everyone, values in (
            (self.by_author, self.tr("Everyone"), {self.author_of(f) for f in self.feedback}),
            (
                self.by_category,
                self.tr("All categories"),
                {n.label for f in self.feedback for n in f.comments},
            ),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for value in sorted(values):
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def _fill_notes(self) -> None:
        author, category = self.by_author.currentData(), self.by_category.currentData()
        answers = replies(self.workspace)
        self.notes.clear()
        for feedback in self.feedback:
            who = self.author_of(feedback)
            if author is not None and who != author:
                continue
            for note in feedback.comments:
                if category is not None and note.label != category:
                    continue
                where = (
                    f"{format_duration(note.at_s)} · {note.evidence_title}"
                    if note.at_s is not None
                    else note.evidence_title
                )
                lines = [f"[{note.label}] {where} — {who}", note.text]
                lines += [
                    self.tr("↳ You: {text}").format(text=t) for t in answers.get(note.key, [])
                ]
                item = QListWidgetItem("\n".join(lines))
                item.setData(NoteRole, note)
                item.setData(ReviewerKeyRole, feedback.reviewer)
                self.notes.addItem(item)
        self._sync_reply()

    def _sync_reply(self) -> None:
        chosen = self.notes.currentItem() is not None
        self.reply_text.setEnabled(chosen)
        self.reply_button.setEnabled(chosen)

    def _play_note(self, item: QListWidgetItem) -> None:
        """A comment on a clip plays that clip from the comment's moment; one on an essay
        selects its words."""
        note: MomentFeedback = item.data(NoteRole)
        if note.text_range is not None:
            self._select_words(note)
        if note.at_s is None:
            return
        self.viewer.setCurrentWidget(self.player)
        for index in range(self.clip_choice.count()):
            clip = self.clip_choice.itemData(index)
            if clip.sha256 == note.media_sha256:
                self.clip_choice.setCurrentIndex(index)  # loads it, if another was on show
                self.player.play_from(round(note.at_s * 1000))
                return

    def _select_words(self, note: MomentFeedback) -> None:
        essay = self.essays.get(note.slot_id)
        if essay is None or note.text_range is None:
            return
        self.player.media.pause()
        self.essay_view.setPlainText(essay.text)
        start, end = (min(max(0, n), len(essay.text)) for n in note.text_range)
        cursor = self.essay_view.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.essay_view.setTextCursor(cursor)
        self.viewer.setCurrentWidget(self.essay_view)

    def send_replies(self, target: Path | None = None) -> SignerDialog | None:
        """Sign her replies to the selected comment's reviewer into a file for them."""
        item = self.notes.currentItem()
        to = item.data(ReviewerKeyRole) if item is not None else None
        if target is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Save your replies"),
                "replies" + REPLIES_SUFFIX,
                self.tr("Replies (*.evkit-replies)"),
            )
            if not chosen:
                return None
            target = Path(chosen)
        dialog = SignerDialog(
            self.tr("Sign your replies"),
            self.tr(
                "Your replies are signed with your key, so the reviewer can tell they are yours."
            ),
            self,
        )
        chosen_target = target

        def signed() -> None:
            if dialog.signer is not None:
                self._send(chosen_target, dialog.signer, to)

        dialog.accepted.connect(signed)
        self.signerAsked.emit(dialog)
        dialog.open()
        return dialog

    def _send(self, target: Path, key: Ed25519PrivateKey, to: str | None) -> None:
        try:
            written = export_replies(self.workspace, self.submission_id, key, target, to)
        except EvidenceKitError as exc:
            show_error(self, exc)
            return
        self.repliesSent.emit(written)

    def reply(self) -> None:
        item = self.notes.currentItem()
        if item is None:
            return
        note: MomentFeedback = item.data(NoteRole)
        try:
            add_reply(self.workspace, note.key, self.reply_text.text())
        except EvidenceKitError as exc:
            show_error(self, exc)
            return
        self.reply_text.clear()
        row = self.notes.currentRow()
        self._fill_notes()
        self.notes.setCurrentRow(row)

    def markers_for(self, clip: Clip) -> list[Marker]:
        """Comments from every review on this clip, matched by its content, so a clip
        kept into a later attempt still shows what was said about it."""
        return [
            Marker(round(note.at_s * 1000), note.text, note.category)
            for feedback in self.feedback
            for note in feedback.comments
            if note.at_s is not None and note.media_sha256 == clip.sha256
        ]

    def _show_clip(self) -> None:
        clip = self.clip_choice.currentData()
        if not isinstance(clip, Clip):
            return
        self.viewer.setCurrentWidget(self.player)
        colours = {n.category: n.colour for f in self.feedback for n in f.comments}
        self.player.timeline.set_category_colours(colours)
        self.player.load(self.workspace.media.path_for(clip.sha256), self.markers_for(clip))

    def import_file(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, self.tr("Import a review"), "", self.tr("Reviews (*.evkit-review)")
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            import_review(self.workspace, path)
        except UnknownReviewer as stranger:
            self._trust_reviewer(stranger, path)
            return False
        except EvidenceKitError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        self.changed.emit()
        return True

    def _trust_reviewer(self, stranger: UnknownReviewer, path: Path) -> TrustDialog:
        """Trust on first contact: nothing is imported unless she trusts the reviewer."""
        role = stranger.role.value
        dialog = TrustDialog(
            # "as {role}" needs no article, so it reads right in every role.
            self.tr(
                "{file} is a review by someone you have not trusted yet. They signed it as {role}."
            ).format(file=path.name, role=role_label(role)),
            stranger.name,
            stranger.fingerprint,
            (role,),
            self,
        )

        def trusted() -> None:
            if dialog.chosen_role is not None:
                trust(Contact(stranger.public_key, dialog.name.text().strip(), None), role)
                self.import_file(path)

        dialog.accepted.connect(trusted)
        self.trustAsked.emit(dialog)
        dialog.open()
        return dialog

    def start_next(self) -> None:
        try:
            start_next_attempt(self.workspace, self.submission_id)
        except EvidenceKitError as exc:
            show_error(self, exc)
            return
        self.refresh()
        self.changed.emit()

    def show_changes(self) -> QDialog | None:
        summary = changes_since_previous(self.workspace, self.submission_id)
        if summary is None:
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Changes since attempt {n}").format(n=summary.previous))
        note = QPlainTextEdit(summary.draft_note(), dialog)
        note.setAccessibleName(self.tr("Draft resubmission note"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(
            QLabel(self.tr("A draft note for your evaluator; change it as you like:"), dialog)
        )
        layout.addWidget(note)
        layout.addWidget(buttons)
        dialog.open()
        self.changes_dialog = dialog
        self.changes_note = note
        return dialog

"""The reviewer's window: the bundle's evidence read-only, comments tied to moments and
words, the rubric (evaluators only), and the signed return file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from evidencekit.domain.coaching import open_findings
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.review import Comment, Review, ReviewerRole, Score
from evidencekit.domain.submissions import Bookmark
from evidencekit.domain.text import format_duration
from evidencekit.gui.dialogs.people_dialogs import role_label
from evidencekit.gui.dialogs.signer_dialog import SignerDialog
from evidencekit.gui.main_window.screen_fit import fit_on_screen
from evidencekit.gui.review.comment_model import CommentTableModel
from evidencekit.gui.review.comments_pane import CommentsPane
from evidencekit.gui.review.marker_dialog import MarkerSetDialog
from evidencekit.gui.review.review_layout import ReviewLayout
from evidencekit.gui.review.rubric_panel import RubricPanel
from evidencekit.gui.runner import Operation, show_error
from evidencekit.gui.video.player import Player, bookmark_markers
from evidencekit.gui.video.timeline import Marker
from evidencekit.services.coach_replies import import_replies, replies_by_comment
from evidencekit.services.people import trusted_person
from evidencekit.services.review_sessions import (
    OpenReview,
    export_comments,
    export_review,
    open_for_review,
    save_default_markers,
    save_review,
)
from evidencekit.storage.workspace import Workspace

EvidenceRole = Qt.ItemDataRole.UserRole + 1


class ReviewWindow(QMainWindow):
    signerAsked = Signal(object)  # SignerDialog, before it opens
    exported = Signal(object)  # the Path of the return file written

    def __init__(self, workspace: Workspace, session: OpenReview) -> None:
        super().__init__()
        self.workspace = workspace
        self.session = session
        self.review: Review = session.review
        self.current: dict | None = None  # the evidence entry on show
        self._stamp_s: float | None = None  # the moment a comment being typed belongs to
        role = self.tr("Evaluation") if self._evaluating else self.tr("Coaching")
        self.setWindowTitle(
            self.tr("{role} — {candidate}").format(role=role, candidate=session.candidate)
            + (self.tr(" (draft for coaching)") if session.is_draft else "")
        )

        self.evidence_list = QListWidget(self)
        self.evidence_list.setAccessibleName(self.tr("Evidence in the bundle"))
        for entry in session.metadata["evidence"]:
            if entry["kind"] in ("clip", "text", "artifact"):
                item = QListWidgetItem(self._evidence_name(entry))
                item.setData(EvidenceRole, entry)
                self.evidence_list.addItem(item)
        self.player = Player(self)
        self.text_view = QTextBrowser(self)
        self.text_view.setAccessibleName(self.tr("Essay"))
        self.text_view.setOpenLinks(False)
        self.other_view = QLabel(self)
        self.other_view.setWordWrap(True)
        self.stack = QStackedWidget(self)
        for page in (self.player, self.text_view, self.other_view):
            self.stack.addWidget(page)

        self.tabs = QTabWidget(self)
        self.comments_pane = CommentsPane(
            open_findings(session.metadata) if session.is_draft else None, self
        )
        self.comments_pane.comment_text.textChanged.connect(self._typing)
        self.comments_pane.add_button.clicked.connect(self.add_comment)
        self.comments_pane.comment_view.clicked.connect(self._go_to_comment)
        self.tabs.addTab(self.comments_pane, self.tr("&Comments"))
        self._fill_categories()
        self.rubric: RubricPanel | None = None
        if self._evaluating:
            self.rubric = RubricPanel(session.credential, self.review.units, self)
            self.rubric.scoreChanged.connect(self._score)
            self.rubric.summaryChanged.connect(
                lambda text: self._change(replace(self.review, summary=text))
            )
            self.rubric.show_review(self.review)
            self.tabs.addTab(self.rubric, self.tr("&Rubric"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("ReviewSplitter")
        self.splitter.addWidget(self.evidence_list)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.tabs)
        # When the window grows or shrinks the list keeps its width; the clip and tabs change.
        for index, stretch in enumerate((0, 1, 1)):
            self.splitter.setStretchFactor(index, stretch)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self.window_layout = ReviewLayout(
            self, self.splitter, self.evidence_list, self.stack, self.rubric
        )
        self.window_layout.restore()
        self.evidence_list.currentItemChanged.connect(self._show_evidence)
        self._refresh_comments()
        if self.evidence_list.count():
            self.evidence_list.setCurrentRow(0)
        self.statusBar().showMessage(
            self.tr("Verified bundle {name}, sealed by {signer}.").format(
                name=session.bundle_name, signer=self._sealer()
            )
        )

    def _evidence_name(self, entry: dict) -> str:
        """The requirement a file answers, then its own title (often just the name the
        file had on the teacher's computer); an essay's title is its requirement already."""
        units = self.session.credential.units
        slot = next((s for unit in units if (s := unit.slot(entry["slot"])) is not None), None)
        title = entry["title"]
        if slot is not None and slot.title != title:
            title = self.tr("{requirement} — {title}").format(requirement=slot.title, title=title)
        return f"{title}  ({entry['kind']})"

    def _sealer(self) -> str:
        """The teacher as she trusted her (name and role); her fingerprint only if unknown."""
        signer = self.session.metadata["submission"]["signer"]
        person = trusted_person(signer)
        if person is None:
            return signer
        return self.tr("{name} ({role})").format(
            name=person.label or signer, role=role_label(person.role)
        )

    @property
    def _evaluating(self) -> bool:
        return self.session.review.role is ReviewerRole.EVALUATOR

    def _build_actions(self) -> None:
        def action(text: str, keys: QKeySequence | QKeySequence.StandardKey | str, slot) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        menu = self.menuBar().addMenu(self.tr("&Review"))
        self.export_action = action(
            self.tr("&Export the return file…"), "Ctrl+E", lambda: self.export_return_file()
        )
        menu.addAction(self.export_action)
        menu.addAction(
            action(
                self.tr("Export this clip's comments…"), "Ctrl+Shift+E", lambda: self.export_clip()
            )
        )
        menu.addAction(
            action(self.tr("Comment &categories…"), "Ctrl+Shift+K", self.edit_categories)
        )
        self.import_replies_action = action(
            self.tr("Import the teacher's &replies…"), "Ctrl+Shift+R", lambda: self.import_replies()
        )
        menu.addAction(self.import_replies_action)
        menu.addSeparator()
        menu.addAction(action(self.tr("Add comment"), "Ctrl+Return", self.add_comment))
        menu.addAction(action(self.tr("Next comment"), "Alt+Right", lambda: self.jump(1)))
        menu.addAction(action(self.tr("Previous comment"), "Alt+Left", lambda: self.jump(-1)))
        menu.addAction(action(self.tr("&Close"), QKeySequence.StandardKey.Close, self.close))

    # -- showing evidence -------------------------------------------------------------

    def _show_evidence(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        entry = item.data(EvidenceRole)
        self.current = entry
        path = self.session.file(entry["path"])  # only a file of the verified manifest
        if entry["kind"] == "clip":
            self.stack.setCurrentWidget(self.player)
            self.player.load(path, self._clip_markers(entry))
        elif entry["kind"] == "text":
            self.stack.setCurrentWidget(self.text_view)
            self.text_view.setPlainText(self.session.read_text(entry["path"]))
        else:
            self.stack.setCurrentWidget(self.other_view)
            self.other_view.setText(
                self.tr("{title}\n{name}, {size:.1f} MB").format(
                    title=entry["title"], name=path.name, size=entry["size_bytes"] / 1e6
                )
            )
        self._stamp_s = None
        self._show_anchor()

    def _clip_markers(self, entry: dict[str, Any]) -> list[Marker]:
        """The teacher's bookmarks from the bundle, then this review's comments."""
        marks = [Bookmark(float(b["seconds"]), str(b["label"])) for b in entry.get("bookmarks", [])]
        return bookmark_markers(marks) + self._markers_for(entry["path"])

    def _markers_for(self, bundle_path: str) -> list[Marker]:
        return [
            Marker(round(c.at_s * 1000), c.text, c.category)
            for c in self.review.comments
            if c.evidence == bundle_path and c.at_s is not None
        ]

    # -- commenting -------------------------------------------------------------------

    def _typing(self) -> None:
        """The first keystroke of a comment on a clip pauses playback and keeps the moment."""
        if self.current is None or self.current["kind"] != "clip":
            return
        typed = self.comments_pane.comment_text.toPlainText()
        if typed and self._stamp_s is None:
            self.player.media.pause()
            self._stamp_s = self.player.media.position() / 1000
            self._show_anchor()
        elif not typed:
            self._stamp_s = None
            self._show_anchor()

    def _show_anchor(self) -> None:
        anchor = self.comments_pane.anchor
        if self.current is None:
            anchor.setText("")
        elif self.current["kind"] == "clip":
            at = self._stamp_s
            anchor.setText(
                self.tr("at {time}").format(time=format_duration(at))
                if at is not None
                else self.tr("at the moment you start typing")
            )
        elif self.current["kind"] == "text":
            anchor.setText(self.tr("on the words you select in the essay"))
        else:
            anchor.setText(self.tr("comments go on clips and essays"))

    def add_comment(self) -> None:
        pane = self.comments_pane
        text = pane.comment_text.toPlainText().strip()
        if not text or self.current is None:
            return
        entry, category = self.current, pane.category.currentData()
        if entry["kind"] == "clip":
            at = self._stamp_s if self._stamp_s is not None else self.player.media.position() / 1000
            comment = Comment(entry["path"], category, text, at_s=at)
        elif entry["kind"] == "text":
            cursor = self.text_view.textCursor()
            if not cursor.hasSelection():
                show_error(
                    self, EvidenceKitError(self.tr("Select the words the comment is about."))
                )
                return
            span = (cursor.selectionStart(), cursor.selectionEnd())
            comment = Comment(entry["path"], category, text, text_range=span)
        else:
            return
        self._change(self.review.with_comment(comment))
        pane.comment_text.clear()
        self._stamp_s = None
        self._show_anchor()

    def _score(self, score: Score) -> None:
        self._change(self.review.with_score(self.session.credential, score))
        assert self.rubric is not None
        self.rubric.show_review(self.review)

    def _change(self, review: Review) -> None:
        """Every change is saved at once: closing the window never loses a comment."""
        self.review = review
        save_review(self.workspace, self.session.draft_id, review)
        self._refresh_comments()

    def _refresh_comments(self) -> None:
        answers = replies_by_comment(self.workspace, self.session.draft_id, self.review.comments)
        self.comments_pane.comment_model.set_comments(
            list(self.review.comments), self.review.markers, answers
        )
        if self.current is not None and self.current["kind"] == "clip":
            self.player.set_markers(self._clip_markers(self.current))

    def _go_to_comment(self, index: QModelIndex) -> None:
        comment: Comment = index.data(CommentTableModel.CommentRole)
        for row in range(self.evidence_list.count()):
            if self.evidence_list.item(row).data(EvidenceRole)["path"] == comment.evidence:
                self.evidence_list.setCurrentRow(row)
        if comment.at_s is not None:
            self.player.play_from(round(comment.at_s * 1000))
        elif comment.text_range is not None:
            cursor = self.text_view.textCursor()
            cursor.setPosition(comment.text_range[0])
            cursor.setPosition(comment.text_range[1], QTextCursor.MoveMode.KeepAnchor)
            self.text_view.setTextCursor(cursor)

    def jump(self, step: int) -> None:
        """Move the playhead to the next (or previous) comment on this clip."""
        if self.current is None or self.current["kind"] != "clip":
            return
        now = self.player.media.position()
        times = sorted(m.ms for m in self._markers_for(self.current["path"]))
        ahead = (
            [t for t in times if t > now + 10] if step > 0 else [t for t in times if t < now - 10]
        )
        if ahead:
            self.player.media.pause()
            self.player.media.setPosition(ahead[0] if step > 0 else ahead[-1])

    def edit_categories(self) -> MarkerSetDialog:
        """Change the categories; they become the default for the next reviews too."""
        dialog = MarkerSetDialog(self.review.markers, self.review.with_markers, self)

        def done() -> None:
            if dialog.markers is None:
                return
            self._change(self.review.with_markers(dialog.markers))
            save_default_markers(dialog.markers)
            self._fill_categories()

        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def _fill_categories(self) -> None:
        self.comments_pane.fill_categories(self.review.markers)
        self.player.timeline.set_category_colours({m.id: m.colour for m in self.review.markers})

    # -- exporting --------------------------------------------------------------------

    def export_return_file(
        self, target: Path | None = None, key: Ed25519PrivateKey | None = None
    ) -> Path | None:
        """Sign and save the return file; asked for the file and the key when not given
        (the key in a dialog that does not block: the file is written once she signs)."""
        if target is None:
            name = Path(self.session.bundle_name).stem + "-review.evkit-review"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Save the return file"), name, self.tr("Reviews (*.evkit-review)")
            )
            if not chosen:
                return None
            target = Path(chosen)
        if key is None:
            dialog = SignerDialog(
                self.tr("Sign the review"),
                self.tr(
                    "Your review is signed with your key, so the teacher can tell it is yours."
                ),
                self,
            )
            chosen_target = target
            dialog.accepted.connect(
                lambda: dialog.signer and self._export(chosen_target, dialog.signer)
            )
            self.signerAsked.emit(dialog)
            dialog.open()
            return None
        return self._export(target, key)

    def _export(self, target: Path, key: Ed25519PrivateKey) -> Path | None:
        try:
            written = export_review(self.workspace, _with(self.session, self.review), key, target)
        except EvidenceKitError as exc:
            show_error(self, exc)
            return None
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=written))
        self.exported.emit(written)
        return written

    def export_clip(self, target: Path | None = None) -> Path | None:
        if self.current is None or self.current["kind"] != "clip":
            return None
        if target is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Export comments"),
                Path(self.current["path"]).stem + ".vtt",
                self.tr("WebVTT (*.vtt);;Spreadsheet (*.csv)"),
            )
            if not chosen:
                return None
            target = Path(chosen)
        try:
            return export_comments(_with(self.session, self.review), self.current["path"], target)
        except EvidenceKitError as exc:
            show_error(self, exc)
            return None

    def import_replies(self, path: Path | None = None) -> bool:
        """The teacher's signed answers to these comments, shown beside each one."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self,
                self.tr("Import the teacher's replies"),
                "",
                self.tr("Replies (*.evkit-replies)"),
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            imported = import_replies(self.workspace, path)
        except EvidenceKitError as exc:
            show_error(self, exc)
            return False
        self._refresh_comments()
        self.statusBar().showMessage(
            self.tr("The replies from {who} are shown beside your comments.").format(
                who=imported.teacher_name or self.tr("the teacher")
            )
        )
        return True

    # -- window state -------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.window_layout.follow_window()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_on_screen(self)  # again: the title bar and borders are known only once shown

    def closeEvent(self, event: QCloseEvent) -> None:
        self.player.media.stop()
        self.window_layout.save()
        super().closeEvent(event)


def _with(session: OpenReview, review: Review) -> OpenReview:
    return replace(session, review=review)


def start_review(
    parent: QWidget,
    workspace: Workspace,
    bundle: Path,
    role: ReviewerRole,
    key: Ed25519PrivateKey,
    on_open: Callable[[ReviewWindow], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> Operation:
    """Verify (and decrypt) off the GUI thread; a refused bundle is explained, not opened,
    and one sealed by an unknown teacher raises UnknownSigner for the caller to ask about.
    A bundle she has a draft of reopens that draft."""

    def opened(session: OpenReview) -> None:
        window = ReviewWindow(workspace, session)
        window.show()
        on_open(window)

    return Operation(
        parent,
        parent.tr("Checking {name}").format(name=bundle.name),
        lambda reporter: open_for_review(workspace, bundle, role, key, reporter, strangers=False),
        opened,
        on_error,
    )

"""The review centre's queue in the Reviews view: *Claim next*, my claims (opened in the
review window), *Record scores* from that review, *Release*.

Shown only when ``EVIDENCEKIT_DATABASE_URL`` names the centre's shared database (the
workspace is then opened on it). Every call goes through the same services as
``evidencekit review claim|score|release`` and runs on the operation runner, so a slow or
restarting server never freezes the window; what goes wrong is one sentence in the
panel, and the list of claims stays as it was until the database answers again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.errors import EvidenceKitError, StorageFault
from evidencekit.domain.review import ReviewerRole
from evidencekit.domain.review_queue import Claim
from evidencekit.gui.dialogs.people_dialogs import ask_about_me_once
from evidencekit.gui.runner import Operation, show_error
from evidencekit.gui.shown_times import local_minute
from evidencekit.gui.views.pick_table import make_pick_table
from evidencekit.services import review_centre as centre
from evidencekit.services.people import load_me
from evidencekit.services.review_sessions import load_session
from evidencekit.storage.faults import explain
from evidencekit.storage.locations import database_url_from_env
from evidencekit.storage.workspace import url_for_humans

if TYPE_CHECKING:
    from evidencekit.gui.bundle_actions import BundleActions
    from evidencekit.gui.review.review_window import ReviewWindow

ClaimRole = Qt.ItemDataRole.UserRole + 1


class ReviewQueuePanel(QGroupBox):
    """My claims on the shared queue, with the buttons to take, open and give back one."""

    changed = Signal()  # the claims were read again (tests, screenshots)

    def __init__(self, bundles: BundleActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bundles = bundles
        self.setTitle(self.tr("Review centre queue"))
        self.setAccessibleName(self.tr("Review centre queue"))
        where = url_for_humans(database_url_from_env() or "")
        self.where = QLabel(self.tr("Shared with the evaluators of {where}.").format(where=where))
        self.where.setWordWrap(True)
        self.waiting = QLabel(self)
        self.waiting.setAccessibleName(self.tr("Bundles waiting"))
        self.table = QTableWidget(0, 5, self)
        self.table.setAccessibleName(self.tr("My claims"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("My claims"),
                self.tr("Candidate"),
                self.tr("Credential"),
                self.tr("Slot"),
                self.tr("Claimed"),
            ]
        )
        make_pick_table(self.table, stretch_column=0)
        self.table.cellDoubleClicked.connect(lambda _row, _column: self.open_selected())
        self.table.itemSelectionChanged.connect(lambda: self._enable())
        # Mnemonics chosen apart from the menus' (F, E, V, R, H) and the tabs'.
        self.claim_button = QPushButton(self.tr("&Claim next"), self)
        self.claim_button.setAccessibleName(self.tr("Claim the next bundle in the queue"))
        self.claim_button.clicked.connect(lambda: self.claim_next())
        self.open_claim_button = QPushButton(self.tr("Open cla&im"), self)
        self.open_claim_button.setAccessibleName(self.tr("Open the selected claim to review it"))
        self.open_claim_button.clicked.connect(lambda: self.open_selected())
        self.score_button = QPushButton(self.tr("Record &scores"), self)
        self.score_button.setAccessibleName(
            self.tr("Record the levels of your review of the selected claim in the queue")
        )
        self.score_button.clicked.connect(lambda: self.record_scores())
        self.release_button = QPushButton(self.tr("Rele&ase"), self)
        self.release_button.setAccessibleName(self.tr("Give the selected claim back to the queue"))
        self.release_button.clicked.connect(lambda: self.release_selected())
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Read the queue again"))
        self.refresh_button.clicked.connect(lambda: self.reload())
        #: One sentence: what the last press did, or why it could not.
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Queue message"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.waiting, 1)
        for button in (
            self.claim_button,
            self.open_claim_button,
            self.score_button,
            self.release_button,
            self.refresh_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.claims: list[Claim] = []
        self.operation: Operation | None = None
        #: The review draft she writes on each claimed bundle (by its hash), learnt when
        #: its review window opens: her scores are read from there.
        self.drafts: dict[str, int] = {}
        bundles.reviewOpened.connect(self._review_opened)
        # Looking again every minute renews her claims, so one she is working on (in the
        # review window, on another tab) never lapses to another evaluator.
        self._renew = QTimer(self)
        self._renew.setInterval(int(centre.RENEW_EVERY.total_seconds() * 1000))
        self._renew.timeout.connect(lambda: self._renew_quietly())
        self._enable()

    # -- reading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read my claims and the queue again (which also renews my claims)."""
        me = load_me().name
        if not me:
            self.waiting.setText(self.tr("Claim next asks your name, then shows your claims."))
            return
        workspace = self.bundles.window.workspace
        self._run(
            self.tr("Reading the review queue"),
            lambda: centre.my_queue(workspace, me),
            self._show,
        )

    def _renew_quietly(self) -> None:
        if self.claims and not self._busy():
            self.reload()

    def _show(self, mine: centre.MyQueue) -> None:
        selected = self._selected()
        self.claims = mine.claims
        self.waiting.setText(
            self.tr("Bundles waiting for you: {count}").format(count=mine.waiting)
            if mine.waiting
            else self.tr("Nothing waiting for you.")
        )
        self.table.setRowCount(len(self.claims))
        for row, claim in enumerate(self.claims):
            b = claim.bundle
            cells = (
                b.file_name,
                b.candidate_pseudonym or self.tr("(named in the bundle)"),
                self._credential_words(b.credential_id, b.credential_version, b.unit_id),
                self.tr("{slot} of 2").format(slot=claim.slot),
                local_minute(claim.claimed_at),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ClaimRole, claim)
                self.table.setItem(row, column, item)
        keep = next(
            (r for r, c in enumerate(self.claims) if selected and c.bundle == selected.bundle), 0
        )
        if self.claims:
            self.table.selectRow(keep)
        if self.claims:
            self._renew.start()
        else:
            self._renew.stop()
        self._enable()
        self.changed.emit()

    def _credential_words(self, credential_id: str, version: str, unit_id: str | None) -> str:
        """Titles from her catalog; the ids only for a credential her catalog lacks."""
        credential = self.bundles.window.catalog.get(credential_id, version)
        if credential is None:
            return f"{credential_id} / {unit_id}" if unit_id else credential_id
        unit = credential.unit(unit_id) if unit_id else None
        return f"{credential.title} — {unit.title}" if unit else credential.title

    # -- what she presses ---------------------------------------------------------------

    def claim_next(self) -> None:
        ask_about_me_once(self.bundles.window, "evaluator", lambda: self._claim())

    def _claim(self) -> None:
        me = load_me().name
        workspace = self.bundles.window.workspace

        def claimed(got: Claim | None) -> None:
            if got is None:
                self._say(self.tr("Nothing in the queue is waiting for you."))
            else:
                self._say(
                    self.tr("You claimed {file} (slot {slot} of 2); open it to review.").format(
                        file=got.bundle.file_name, slot=got.slot
                    )
                )
            self.reload()

        def unsure(exc: BaseException) -> None:
            if isinstance(exc, StorageFault) and exc.reason == centre.CLAIM_UNSURE:
                # The CLI's sentence says --resume; here Refresh does the same.
                self._say(
                    self.tr(
                        "The review centre's database stopped answering during the claim; "
                        "once it is back, press Refresh: a claim it made then shows under "
                        "My claims, and otherwise it lapses."
                    )
                )
            else:
                self._failed(exc)

        self._run(
            self.tr("Claiming the next bundle"),
            lambda: centre.claim(workspace, me),
            claimed,
            unsure,
        )

    def release_selected(self) -> None:
        claim = self._selected()
        if claim is None:
            return
        workspace = self.bundles.window.workspace

        def released(_none: None) -> None:
            self._say(self.tr("{file} is back in the queue.").format(file=claim.bundle.file_name))
            self.reload()

        self._run(
            self.tr("Releasing the claim"),
            lambda: centre.release(workspace, claim.evaluator, claim.bundle.sha256),
            released,
        )

    def open_selected(self) -> None:
        """Review the claimed bundle; opening it again brings back the draft."""
        claim = self._selected()
        if claim is None:
            return
        try:
            path = centre.bundle_file(self.bundles.window.workspace, claim.bundle)
        except EvidenceKitError as exc:  # a place outside the store, named in the queue
            self._say(exc.message)
            return
        if not path.is_file():
            self._say(
                self.tr(
                    "{file} is not in the bundle store on this computer ({path}); check "
                    "that the centre's shared folder is mounted."
                ).format(file=claim.bundle.file_name, path=path)
            )
            return
        self.bundles.review(ReviewerRole.EVALUATOR, path)

    def _review_opened(self, window: ReviewWindow) -> None:
        review = window.review
        if review.role is ReviewerRole.EVALUATOR:
            self.drafts[review.bundle_sha256] = window.session.draft_id

    def record_scores(self) -> None:
        """Her rubric levels for the selected claim go to the queue; the claim is then done."""
        claim = self._selected()
        if claim is None:
            return
        draft = self.drafts.get(claim.bundle.sha256)
        if draft is None:
            self._say(
                self.tr(
                    "Open the claim first: the scores recorded are those of your review of {file}."
                ).format(file=claim.bundle.file_name)
            )
            return
        workspace = self.bundles.window.workspace

        def record() -> dict[str, str]:
            review = load_session(workspace, draft).review
            return centre.complete_from_review(workspace, claim.evaluator, review)

        def recorded(levels: dict[str, str]) -> None:
            self._say(
                self.tr("Recorded your {count} levels for {file}; this claim is done.").format(
                    count=len(levels), file=claim.bundle.file_name
                )
            )
            self.reload()

        self._run(self.tr("Recording your scores"), record, recorded)

    # -- helpers ------------------------------------------------------------------------

    def _selected(self) -> Claim | None:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else item.data(ClaimRole)

    def _busy(self) -> bool:
        return self.operation is not None and self.operation.running

    def _enable(self) -> None:
        idle = not self._busy()
        chosen = self._selected() is not None
        self.claim_button.setEnabled(idle)
        self.refresh_button.setEnabled(idle)
        self.open_claim_button.setEnabled(chosen)
        self.score_button.setEnabled(idle and chosen)
        self.release_button.setEnabled(idle and chosen)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _run(
        self,
        title: str,
        call: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        if self._busy():
            return
        self.operation = Operation(self, title, lambda _r: call(), done, failed or self._failed)
        self.operation.done.connect(lambda: self._enable())
        self._enable()

    def _failed(self, exc: BaseException) -> None:
        """A database that does not answer, a claim that lapsed to someone else: one
        sentence here; the claims shown stay until the queue is read again."""
        sentence = explain(exc, url_for_humans(database_url_from_env() or ""))
        if sentence is None:
            show_error(self, exc)  # a bug: the box with the details
            return
        self._say(sentence.message)
        if not isinstance(sentence, StorageFault):
            self.reload()  # e.g. her claim lapsed: show what she holds now

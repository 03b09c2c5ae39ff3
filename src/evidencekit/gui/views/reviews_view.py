"""The Reviews view: my drafts and sent reviews (to reopen), and reviews I received; with
a review centre's database set, its queue above them (gui/views/review_queue_panel.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.gui.runner import show_error
from evidencekit.gui.shown_times import local_minute
from evidencekit.gui.views.pick_table import make_pick_table
from evidencekit.services.people import my_keys
from evidencekit.services.review_list import (
    DRAFT,
    EXPORTED,
    ReviewEntry,
    my_reviews,
    received_reviews,
)
from evidencekit.storage.locations import database_url_from_env

if TYPE_CHECKING:
    from evidencekit.gui.bundle_actions import BundleActions
    from evidencekit.gui.views.review_queue_panel import ReviewQueuePanel

EntryRole = Qt.ItemDataRole.UserRole + 1


class ReviewsView(QWidget):
    def __init__(self, bundles: BundleActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bundles = bundles
        self.setAccessibleName(self.tr("Reviews"))
        intro = QLabel(
            self.tr(
                "Reviews you are writing are saved as you go: open one to carry on. Opening "
                "the same bundle again also brings back your draft."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 6, self)
        self.table.setAccessibleName(self.tr("Reviews"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("State"),
                self.tr("Candidate or submission"),
                self.tr("Role"),
                self.tr("By"),
                self.tr("Comments"),
                self.tr("When"),
            ]
        )
        make_pick_table(self.table, stretch_column=1)
        self.table.cellDoubleClicked.connect(lambda _row, _column: self.open_selected())
        self.open_button = QPushButton(self.tr("O&pen"), self)
        self.open_button.setAccessibleName(self.tr("Open the selected review"))
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.empty = QLabel(self.tr("No reviews yet."), self)
        row = QHBoxLayout()
        row.addWidget(self.empty)
        row.addStretch(1)  # the button keeps its size when the "No reviews" note hides
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        #: The centre's queue, only where a centre's database is set (else None).
        self.queue: ReviewQueuePanel | None = None
        if database_url_from_env() is not None:
            # Loaded only where there is a centre: a teacher's start never pays for it.
            from evidencekit.gui.views.review_queue_panel import ReviewQueuePanel

            self.queue = ReviewQueuePanel(bundles, self)
            layout.addWidget(self.queue, 1)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.entries: list[ReviewEntry] = []  # read when shown (showEvent), not at start

    def showEvent(self, event) -> None:
        self.reload()  # drafts saved and reviews imported elsewhere show when she looks
        if self.queue is not None:
            self.queue.reload()
        super().showEvent(event)

    def reload(self) -> None:
        workspace = self.bundles.window.workspace
        try:
            self.entries = my_reviews(workspace, my_keys()) + received_reviews(workspace)
        except EvidenceKitError as exc:
            show_error(self, exc)
            return
        self.entries.sort(key=lambda e: local_minute(e.when), reverse=True)
        states = {
            DRAFT: self.tr("Draft"),
            EXPORTED: self.tr("Sent"),
        }
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            decision = {"earned": self.tr("earned"), "not-yet": self.tr("not yet")}.get(
                entry.decision or "", ""
            )
            state = states.get(entry.state) or self.tr("Received")
            cells = (
                f"{state} ({decision})" if decision else state,
                entry.title + (self.tr(" (draft for coaching)") if entry.on_draft else ""),
                entry.role.value.capitalize(),
                entry.who or self.tr("me"),
                str(entry.comments),
                local_minute(entry.when),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(EntryRole, entry)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.entries)
        self.open_button.setEnabled(bool(self.entries))
        if self.entries and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def open_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return
        entry: ReviewEntry = item.data(EntryRole)
        if entry.draft_id is not None:
            self.bundles.resume(entry.draft_id)
        elif entry.submission_id is not None:
            self.bundles.feedback_on(entry.submission_id, entry.title)

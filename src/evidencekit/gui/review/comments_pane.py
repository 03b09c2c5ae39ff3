"""The review window's Comments tab: the new comment with its category and where it goes,
the filters, and the table of the review's comments (a draft for coaching says so first).

The window wires it: what typing, *Add comment* and a click on a comment do depends on
the evidence on show, which the window holds."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidencekit.domain.review import MarkerCategory
from evidencekit.gui.review.comment_model import CommentFilter, CommentTableModel


class CommentsPane(QWidget):
    def __init__(self, still_open: list[str] | None, parent: QWidget) -> None:
        """``still_open``: for a draft for coaching, what the teacher still has to do;
        None for a sealed submission."""
        super().__init__(parent)
        self.category = QComboBox(self)
        self.category.setAccessibleName(self.tr("Comment category"))
        self.anchor = QLabel(self)
        self.anchor.setAccessibleName(self.tr("Where the comment goes"))
        self.comment_text = QPlainTextEdit(self)
        self.comment_text.setAccessibleName(self.tr("New comment"))
        self.comment_text.setPlaceholderText(
            self.tr("Type a comment: the video pauses and the moment is kept (Ctrl+Enter adds it)")
        )
        self.comment_text.setFixedHeight(90)
        self.add_button = QPushButton(self.tr("&Add comment"), self)
        self.add_button.setAccessibleName(self.tr("Add comment"))
        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Filter comments"))
        self.search.setPlaceholderText(self.tr("Filter comments…"))
        self.show_category = QComboBox(self)
        self.show_category.setAccessibleName(self.tr("Show category"))
        self.comment_model = CommentTableModel(self)
        self.comment_filter = CommentFilter(self)
        self.comment_filter.setSourceModel(self.comment_model)
        self.comment_view = QTableView(self)
        self.comment_view.setModel(self.comment_filter)
        self.comment_view.setAccessibleName(self.tr("Comments"))
        self.comment_view.verticalHeader().hide()
        self.comment_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.comment_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.search.textChanged.connect(self.comment_filter.set_words)
        self.show_category.currentIndexChanged.connect(self._filter_category)

        row = QHBoxLayout()
        row.addWidget(self.category)
        row.addWidget(self.anchor, 1)
        layout = QVBoxLayout(self)
        self.draft_note: QLabel | None = None
        if still_open is not None:
            self.draft_note = self._draft_note(still_open)
            layout.addWidget(self.draft_note)
        layout.addLayout(row)
        layout.addWidget(self.comment_text)
        layout.addWidget(self.add_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.show_category)
        layout.addLayout(filters)
        layout.addWidget(self.comment_view, 1)

    def _draft_note(self, still_open: list[str]) -> QLabel:
        """A draft for coaching says so, with what the teacher still has to do."""
        text = self.tr(
            "<b>Draft for coaching.</b> The teacher is still working on it; "
            "comment freely, there is nothing to score."
        )
        if still_open:
            items = "".join(f"<li>{html.escape(message)}</li>" for message in still_open)
            text += self.tr("<br>Still open:") + f"<ul>{items}</ul>"
        note = QLabel(text, self)
        note.setWordWrap(True)
        note.setAccessibleName(self.tr("Draft for coaching"))
        note.setStyleSheet("border: 2px solid #b35900; padding: 4px;")
        return note

    def fill_categories(self, markers: tuple[MarkerCategory, ...]) -> None:
        """The review's categories, to file a new comment under and to show only one."""
        for combo, first in (
            (self.category, None),
            (self.show_category, self.tr("All categories")),
        ):
            combo.clear()
            if first is not None:
                combo.addItem(first, None)
            for marker in markers:
                combo.addItem(marker.label, marker.id)

    def _filter_category(self) -> None:
        chosen = self.show_category.currentData()
        self.comment_filter.set_categories({chosen} if chosen else set())

"""The review window's comment table: a well-behaved Qt model, replies beside their comment."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidencekit.domain.review import DEFAULT_MARKERS, Comment
from evidencekit.gui.review.comment_model import CommentFilter, CommentTableModel

COMMENTS = [
    Comment("data/video/q-clip-1.mp4", "strength", "Calm wait", at_s=75.0),
    Comment("data/text/q-reflection.md", "question", "Who answered?", text_range=(3, 9)),
]


def test_the_model_passes_the_model_tester_with_replies(qtmodeltester) -> None:
    model = CommentTableModel()
    model.set_comments(COMMENTS, DEFAULT_MARKERS, {1: [("Tess Ng", "The same three.")]})
    qtmodeltester.check(model)
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Replies"
    assert [model.index(row, 0).data() for row in range(2)] == ["1:15", "text"]
    assert model.index(0, 3).data() == ""
    assert model.index(1, 3).data() == "Tess Ng: The same three."
    model.set_comments(COMMENTS, DEFAULT_MARKERS, {1: [("Tess Ng", "One."), ("Tess Ng", "Two.")]})
    assert model.index(1, 3).data() == "Tess Ng: One. · Tess Ng: Two."
    assert model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole) == "Tess Ng: One.\nTess Ng: Two."


def test_the_filter_keeps_working_with_the_replies_column(qtmodeltester) -> None:
    model = CommentTableModel()
    model.set_comments(COMMENTS, DEFAULT_MARKERS, {0: [("Tess Ng", "Thanks")]})
    shown = CommentFilter()
    shown.setSourceModel(model)
    shown.set_words("who")
    qtmodeltester.check(shown)
    assert shown.rowCount() == 1 and shown.index(0, 2).data() == "Who answered?"

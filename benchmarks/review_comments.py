"""Filtering a clip's 2,000 comments in the review window, beside Qt's own filter.

Goal (issue 6): the comment list filters in under 50 ms. Ours is the review window's
model and proxy (category and words, case-insensitive). The reference is Qt's stock
QSortFilterProxyModel over a QStandardItemModel holding the same texts, filtering by
a fixed string: the least any filtered list view can cost. Medians of many runs of
each typed search (a word, a category, then clearing both).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/review_comments.py [runs]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from evidencekit.domain.review import DEFAULT_MARKERS, Comment
from evidencekit.gui.review.comment_model import CommentFilter, CommentTableModel

WORDS = [
    "wait",
    "time",
    "hands",
    "question",
    "pause",
    "think",
    "pair",
    "share",
    "exit",
    "ticket",
    "hinge",
    "signal",
]


def comments(count: int) -> list[Comment]:
    rng = random.Random(6)
    return [
        Comment(
            "data/video/q-clip-1.mp4",
            rng.choice(DEFAULT_MARKERS).id,
            " ".join(rng.choices(WORDS, k=12)),
            at_s=rng.uniform(0, 3600),
        )
        for _ in range(count)
    ]


def timed_ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    QApplication.instance() or QApplication([])
    items = comments(2000)
    model = CommentTableModel()
    model.set_comments(items, DEFAULT_MARKERS)
    ours = CommentFilter()
    ours.setSourceModel(model)
    stock_model = QStandardItemModel()
    for comment in items:
        stock_model.appendRow([QStandardItem(comment.category), QStandardItem(comment.text)])
    stock = QSortFilterProxyModel()
    stock.setSourceModel(stock_model)
    stock.setFilterKeyColumn(1)
    stock.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def ours_search() -> None:
        ours.set_words("hinge")
        ours.set_categories({"question"})
        ours.set_words("")
        ours.set_categories(set())

    def stock_search() -> None:
        stock.setFilterFixedString("hinge")
        stock.setFilterFixedString("question")
        stock.setFilterFixedString("")
        stock.setFilterFixedString("")

    ours_ms = statistics.median(timed_ms(ours_search) / 4 for _ in range(runs))
    stock_ms = statistics.median(timed_ms(stock_search) / 4 for _ in range(runs))
    print(f"2,000 comments, median of {runs} runs, per filter change")
    print(f"review window's filter: {ours_ms:6.2f} ms   (goal < 50 ms)")
    print(f"Qt's stock filter:      {stock_ms:6.2f} ms")
    print(f"ratio:                  {ours_ms / stock_ms:6.2f}")


if __name__ == "__main__":
    main()

"""The review window's panes: evidence names in full at 1280 px the first time, and the
widths she dragged to when she comes back."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from evidencekit.domain.review import ReviewerRole
from evidencekit.gui.main_window.window import MainWindow
from evidencekit.gui.review.review_layout import GEOMETRY_SETTING, SPLITTER_SETTING
from evidencekit.gui.review.review_window import ReviewWindow
from evidencekit.services.packing import pack_submission
from evidencekit.services.review_sessions import open_for_review
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.journeys.driving import click, click_row
from tests.journeys.test_review_journey import switch_tab

TEACHER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
EVALUATOR = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))


def _open_from_reviews(qtbot, main: MainWindow) -> ReviewWindow:
    switch_tab(main.tabs, main.reviews_view)
    table = main.reviews_view.table
    click_row(table, table.model().index(0, 0))
    with qtbot.waitSignal(main.bundles.reviewOpened) as opened:
        click(main.reviews_view.open_button)
    window: ReviewWindow = opened.args[0]
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    return window


def _names_fit(window: ReviewWindow) -> bool:
    names = window.evidence_list
    return names.sizeHintForColumn(0) <= names.viewport().width()


def test_names_fit_at_first_and_dragged_widths_are_kept(
    qtbot, tmp_path: Path, demo_workspace: Workspace
) -> None:
    settings = QSettings()
    for setting in (GEOMETRY_SETTING, SPLITTER_SETTING):
        settings.remove(setting)  # never reviewed on this account
    bundle = pack_submission(demo_workspace, 1, tmp_path / "demo.evkit", TEACHER).path
    ws = open_workspace(tmp_path / "evaluator")
    try:
        open_for_review(ws, bundle, ReviewerRole.EVALUATOR, EVALUATOR)
        main = MainWindow(ws)
        qtbot.addWidget(main)
        main.show()
        review = _open_from_reviews(qtbot, main)
        review.resize(1280, 800)  # a laptop's screen
        qtbot.waitUntil(lambda: review.splitter.width() > 1200)
        names = review.evidence_list
        # Each file under the requirement it answers, not only its own (file) name.
        assert names.item(0).text() == "Questioning in action — q-clip-lesson-1  (clip)"
        longest = max(
            names.fontMetrics().horizontalAdvance(names.item(i).text())
            for i in range(names.count())
        )
        assert _names_fit(review) and names.viewport().width() > longest, (
            names.viewport().width(),
            longest,
        )

        rubric = review.rubric
        assert rubric is not None
        switch_tab(review.tabs, rubric)
        qtbot.waitUntil(lambda: rubric.isVisible())
        sideways = rubric.horizontalScrollBar()
        qtbot.waitUntil(lambda: sideways.maximum() == 0 and not sideways.isVisible())  # fits across

        # She drags the list narrower; the next time it opens as she left it.
        handle = review.splitter.handle(1)
        middle = QPoint(handle.width() // 2, handle.height() // 2)
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
        QTest.mouseMove(handle, middle - QPoint(60, 0))
        QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=middle - QPoint(60, 0))
        dragged = review.splitter.sizes()
        assert dragged[0] < names.sizeHintForColumn(0)
        review.close()
        again = _open_from_reviews(qtbot, main)
        again.resize(1280, 800)  # the test's screen is smaller than hers: back to her size
        qtbot.waitUntil(lambda: again.splitter.width() > 1200)
        assert again.splitter.sizes() == dragged
        again.close()
        main.close()
    finally:
        ws.close()

"""The main window's actions, menus and toolbar, built in one place.

The actions live on the window (``window.seal_action`` …) so that tests and the
keyboard reach them; what each one does stays in the window and its helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from evidencekit.domain.review import ReviewerRole
from evidencekit.gui.dialogs.small import show_about
from evidencekit.gui.icons import dress_toolbar
from evidencekit.gui.main_window.submission_start import add_demo, new_submission
from evidencekit.gui.theme import theme_menu

if TYPE_CHECKING:
    from evidencekit.gui.main_window.window import MainWindow


def build_menus(window: MainWindow) -> None:
    def action(
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], object],
    ) -> QAction:
        act = QAction(text, window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        return act

    tr, w = window.tr, window
    # Bundle actions go through a lambda: the window builds them (and the key and bundle
    # libraries behind them) only when one is first used.
    w.new_action = action(
        tr("&New submission…"), QKeySequence.StandardKey.New, lambda: new_submission(w)
    )
    w.open_action = action(
        tr("&Open workspace…"), QKeySequence.StandardKey.Open, w.choose_workspace
    )
    w.recent_menu = QMenu(tr("Open &recent"), w)
    w.demo_action = action(tr("Add &demo submission"), None, lambda: add_demo(w))
    w.refresh_action = action(tr("&Refresh"), QKeySequence.StandardKey.Refresh, w.refresh)
    w.quit_action = action(tr("&Quit"), QKeySequence.StandardKey.Quit, w.close)
    w.overview_action = action(tr("&What this credential asks…"), "F1", w.show_credential)
    w.about_action = action(tr("&About EvidenceKit"), None, lambda: show_about(w, w.workspace.path))
    w.seal_action = action(tr("&Seal submission…"), "Ctrl+Shift+S", lambda: w.bundles.seal())
    w.ask_coach_action = action(
        tr("&Ask a coach for feedback…"), None, lambda: w.bundles.ask_coach()
    )
    w.check_action = action(tr("&Check a bundle…"), None, lambda: w.bundles.check())
    w.review_action = action(
        tr("&Review a bundle as evaluator…"),
        "Ctrl+Shift+O",
        lambda: w.bundles.review(ReviewerRole.EVALUATOR),
    )
    w.coach_action = action(
        tr("Comment on a draft as &coach…"), None, lambda: w.bundles.review(ReviewerRole.COACH)
    )
    w.issue_pathway_action = action(
        tr("Issue a &pathway credential…"), None, lambda: w.bundles.issue_pathway()
    )
    w.feedback_action = action(
        tr("&Feedback on this submission…"), "Ctrl+Shift+F", lambda: w.bundles.feedback()
    )
    w.find_action = action(tr("&Filter evidence"), QKeySequence.StandardKey.Find, w.focus_filter)

    file_menu = w.menuBar().addMenu(tr("&File"))
    for act in (w.new_action, w.open_action):
        file_menu.addAction(act)
    file_menu.addMenu(w.recent_menu)
    file_menu.addSeparator()
    for act in (w.seal_action, w.ask_coach_action, w.check_action):
        file_menu.addAction(act)
    file_menu.addSeparator()
    for act in (w.demo_action, w.refresh_action):
        file_menu.addAction(act)
    file_menu.addSeparator()
    file_menu.addAction(w.quit_action)
    editor = w.slot_panel.editor
    edit_menu = w.menuBar().addMenu(tr("&Edit"))
    for act in (editor.undo_action, editor.redo_action):
        edit_menu.addAction(act)
    edit_menu.addSeparator()
    edit_menu.addAction(w.find_action)
    view_menu = w.menuBar().addMenu(tr("&View"))
    tabs = (
        tr("&Work"),
        tr("&Dashboard"),
        tr("Class r&oster"),
        tr("Crede&ntials"),
        tr("Peop&le"),
        tr("Review&s"),
    )
    for n, name in enumerate(tabs):  # Alt+1 … Alt+6
        view_menu.addAction(action(name, f"Alt+{n + 1}", partial(w.tabs.setCurrentIndex, n)))
    view_menu.addSeparator()
    view_menu.addMenu(theme_menu(w))
    review_menu = w.menuBar().addMenu(tr("&Review"))
    for act in (w.review_action, w.coach_action, w.issue_pathway_action):
        review_menu.addAction(act)
    review_menu.addSeparator()
    review_menu.addAction(w.feedback_action)
    help_menu = w.menuBar().addMenu(tr("&Help"))
    help_menu.addAction(w.overview_action)
    help_menu.addAction(w.about_action)
    toolbar = QToolBar(tr("Main"), w)
    toolbar.setObjectName("MainToolbar")
    toolbar.setAccessibleName(tr("Main toolbar"))
    for act in (w.new_action, w.open_action, w.seal_action, w.refresh_action):
        toolbar.addAction(act)
    dress_toolbar(
        toolbar,
        {
            w.new_action: "new-submission",
            w.open_action: "open-workspace",
            w.seal_action: "seal",
            w.refresh_action: "refresh",
        },
    )
    w.addToolBar(toolbar)

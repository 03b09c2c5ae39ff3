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

from evidencekit.gui.icons import dress_toolbar
from evidencekit.gui.main_window.submission_start import add_demo, new_submission
from evidencekit.gui.theme import theme_menu

if TYPE_CHECKING:
    from evidencekit.gui.bundle_actions import BundleActions
    from evidencekit.gui.main_window.shell import WindowShell
    from evidencekit.gui.work.slot_panel import SlotPanel


def build_menus(window: WindowShell, bundles: Callable[[], BundleActions]) -> None:
    """The actions, menus and toolbar; ``bundles`` gives the bundle actions, built when
    one of their commands is first used (with the key and bundle libraries behind them)."""

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
    w.about_action = action(tr("&About EvidenceKit"), None, lambda: _about(w))
    w.seal_action = action(tr("&Seal submission…"), "Ctrl+Shift+S", lambda: bundles().seal())
    w.ask_coach_action = action(
        tr("&Ask a coach for feedback…"), None, lambda: bundles().ask_coach()
    )
    w.check_action = action(tr("&Check a bundle…"), None, lambda: bundles().check())
    w.review_action = action(
        tr("&Review a bundle as evaluator…"),
        "Ctrl+Shift+O",
        lambda: _review(bundles(), "evaluator"),
    )
    w.coach_action = action(
        tr("Comment on a draft as &coach…"), None, lambda: _review(bundles(), "coach")
    )
    w.issue_pathway_action = action(
        tr("Issue a &pathway credential…"), None, lambda: bundles().issue_pathway()
    )
    w.feedback_action = action(
        tr("&Feedback on this submission…"), "Ctrl+Shift+F", lambda: bundles().feedback()
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
    edit_menu = w.menuBar().addMenu(tr("&Edit"))
    undo_redo(edit_menu, w.slot_panel, (tr("Undo"), tr("Redo")))
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


def undo_redo(menu: QMenu, panel: SlotPanel, texts: tuple[str, str]) -> None:
    """Undo and Redo of the essay editor. The panel builds its editor when an essay is
    first opened; until then the menu holds disabled stand-ins, which it then swaps for
    the editor's own actions."""
    stand_ins = []
    for text, key in (
        (texts[0], QKeySequence.StandardKey.Undo),
        (texts[1], QKeySequence.StandardKey.Redo),
    ):
        act = QAction(text, menu)
        act.setShortcut(QKeySequence(key))
        act.setEnabled(False)
        menu.addAction(act)
        stand_ins.append(act)

    def swap() -> None:
        editor = panel.editor
        for stand_in, real in zip(stand_ins, (editor.undo_action, editor.redo_action), strict=True):
            menu.insertAction(stand_in, real)
            menu.removeAction(stand_in)
            stand_in.deleteLater()

    panel.when_built("editor", swap)


def _about(window: WindowShell) -> None:
    from evidencekit.gui.dialogs.small import show_about

    show_about(window, window.workspace.path)


def _review(bundles: BundleActions, role: str) -> None:
    from evidencekit.domain.review import ReviewerRole

    bundles.review(ReviewerRole(role))

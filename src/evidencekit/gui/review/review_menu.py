"""The review window's Review menu, built in one place.

As on the main window, the actions live on the window (``window.export_action`` …) so
that tests and the keyboard reach them, and their shortcuts work with the menu closed;
what each one does stays in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from evidencekit.gui.review.review_window import ReviewWindow


def build_review_menu(window: ReviewWindow) -> None:
    def action(
        text: str, keys: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[[], object]
    ) -> QAction:
        act = QAction(text, window)
        act.setShortcut(QKeySequence(keys))
        act.triggered.connect(slot)
        window.addAction(act)
        return act

    tr, w = window.tr, window
    menu = w.menuBar().addMenu(tr("&Review"))
    # A slot with optional parameters is wrapped: triggered would pass its bool to them.
    w.export_action = action(
        tr("&Export the return file…"), "Ctrl+E", lambda: w.export_return_file()
    )
    menu.addAction(w.export_action)
    menu.addAction(
        action(tr("Export this clip's comments…"), "Ctrl+Shift+E", lambda: w.export_clip())
    )
    menu.addAction(action(tr("Comment &categories…"), "Ctrl+Shift+K", w.edit_categories))
    w.import_replies_action = action(
        tr("Import the teacher's &replies…"), "Ctrl+Shift+R", lambda: w.import_replies()
    )
    menu.addAction(w.import_replies_action)
    menu.addSeparator()
    menu.addAction(action(tr("Add comment"), "Ctrl+Return", w.add_comment))
    menu.addAction(action(tr("Next comment"), "Alt+Right", lambda: w.jump(1)))
    menu.addAction(action(tr("Previous comment"), "Alt+Left", lambda: w.jump(-1)))
    menu.addAction(action(tr("&Close"), QKeySequence.StandardKey.Close, w.close))

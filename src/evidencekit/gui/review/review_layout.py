"""The review window's size and the widths of its three panes (evidence list, what is on
show, tabs): as she left them last time, fitted to the window until she drags a divider,
and always on screen."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QListWidget, QMainWindow, QSplitter, QWidget

from evidencekit.gui.main_window.screen_fit import fit_on_screen
from evidencekit.gui.review.rubric_panel import RubricPanel

GEOMETRY_SETTING = "review/geometry"
SPLITTER_SETTING = "review/splitter"


class ReviewLayout:
    """Kept by the window, whose resize, show and close events call in here."""

    def __init__(
        self,
        window: QMainWindow,
        splitter: QSplitter,
        names: QListWidget,
        on_show: QWidget,
        rubric: RubricPanel | None,
    ) -> None:
        self.window = window
        self.splitter = splitter
        self.names = names
        self.on_show = on_show
        self.rubric = rubric
        #: Until she drags a divider (or had dragged them before), the panes follow the
        #: window's width as first_sizes says.
        self.panes_follow = True

    def restore(self) -> None:
        """Her last size and splitters; the first time, most of the screen. Always on screen."""
        settings = QSettings()
        geometry = settings.value(GEOMETRY_SETTING)
        if geometry is None or not self.window.restoreGeometry(geometry):
            self.window.resize(1400, 900)
        splitter = settings.value(SPLITTER_SETTING)
        self.panes_follow = splitter is None or not self.splitter.restoreState(splitter)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._stop_following())
        self.follow_window()
        fit_on_screen(self.window)

    def _stop_following(self) -> None:
        self.panes_follow = False

    def follow_window(self) -> None:
        if self.panes_follow:
            self.splitter.setSizes(self.first_sizes())

    def first_sizes(self) -> list[int]:
        """The evidence list as wide as its longest name (at most a third of the window);
        of the rest, the tabs get at least what the rubric grid needs to show without
        scrolling sideways, and the clip what is left."""
        names = self.names
        wanted = (
            names.sizeHintForColumn(0)
            + 2 * names.frameWidth()
            + names.verticalScrollBar().sizeHint().width()  # should the list ever scroll
        )
        width = self.window.width()
        list_width = min(wanted, width // 3)
        rest = width - list_width
        tabs = rest * 55 // 100
        grid_widget = self.rubric.widget() if self.rubric is not None else None
        if self.rubric is not None and grid_widget is not None:
            grid = grid_widget.minimumSizeHint().width()
            chrome = self.rubric.verticalScrollBar().sizeHint().width() + 24  # frames, margins
            tabs = min(max(tabs, grid + chrome), rest - self.on_show.minimumSizeHint().width())
        return [list_width, rest - tabs, tabs]

    def save(self) -> None:
        settings = QSettings()
        settings.setValue(GEOMETRY_SETTING, self.window.saveGeometry())
        settings.setValue(SPLITTER_SETTING, self.splitter.saveState())

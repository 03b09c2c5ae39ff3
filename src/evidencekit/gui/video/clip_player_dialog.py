"""A clip of the submission played in its own window, its bookmarks on the timeline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from evidencekit.domain.submissions import Clip
from evidencekit.gui.video.player import Player, bookmark_markers


class ClipPlayerDialog(QDialog):
    """Non-modal, so she can keep the clip open while she writes about it."""

    def __init__(self, clip: Clip, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Play '{title}'").format(title=clip.title))
        self.setAccessibleName(self.tr("Clip player"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.player = Player(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.player, 1)
        layout.addWidget(buttons)
        self.resize(800, 560)
        # The stored copy has no sidecar: the bookmarks come from the evidence.
        self.player.load(path, bookmark_markers(list(clip.bookmarks)))

    def done(self, result: int) -> None:
        self.player.media.stop()
        super().done(result)

"""Runs the recording window on the synthetic source until killed (driven by a test).

Prints "second N" as the recording grows and drops one bookmark at 2 s.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from evidencekit.gui.video.capture import SYNTHETIC, CaptureWindow


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = CaptureWindow(Path(sys.argv[1]), developer_mode=True)
    window.cameras.setCurrentIndex(window.cameras.findData(SYNTHETIC))
    window.show()
    window.start_recording()
    reported = [-1]

    def tick() -> None:
        assert window.recorder is not None
        second = int(window.recorder.recorded_seconds)
        if second > reported[0]:
            if second >= 2 and not window.recorder.state.bookmarks:
                window.add_bookmark()
            reported[0] = second
            print(f"second {second}", flush=True)

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    app.exec()


if __name__ == "__main__":
    main()

"""Playing clips while the window keeps building widgets must never hang.

With a QAudioOutput constructed from Python this froze within seconds (the FFmpeg
audio thread waits for the GIL while holding a Qt signal-slot mutex the GUI thread
needs); see gui/video/audio_output.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Seconds each (processes, browsers, servers): out of the fast lane, `-m "not slow"`.
pytestmark = pytest.mark.slow

CHURN = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QGraphicsView, QWidget
from evidencekit.gui.video.player import Player

app = QApplication([])
clip = Path(sys.argv[1])
players = []

def cycle():
    while players:
        old = players.pop()
        old.media.stop()
        old.deleteLater()
    player = Player()
    player.show()
    player.load(clip)
    players.append(player)
    QTimer.singleShot(250, player.media.play)

def churn():
    host = QWidget()
    for _ in range(30):
        QComboBox(host).addItem("x")
        QGraphicsView(host)
    host.deleteLater()

cycler, churner = QTimer(), QTimer()
cycler.timeout.connect(cycle)
churner.timeout.connect(churn)
cycler.start(500)
churner.start(5)
QTimer.singleShot(12_000, app.quit)
app.exec()
print("still responsive")
"""


def test_playback_and_widget_work_never_deadlock(sample_clip: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHURN, str(sample_clip)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-800:]
    assert result.stdout.strip().endswith("still responsive")

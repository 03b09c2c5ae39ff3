"""Timeline repaint with 2,000 markers beside an empty QWidget's repaint, in the same run.

Goal (issues 4 and 6): a clip with 2,000 markers repaints in under 16 ms (one
frame at 60 Hz). Three timeline figures, each a median of many synchronous
``repaint()`` calls on a 1280 x 48 widget:

- full repaint, cached marker layer (a window uncovered, a resize settled);
- full repaint after the markers changed (the marker layer is rebuilt);
- playhead moved during playback (only the strips it leaves and enters).

The reference is a plain QWidget of the same size repainting in the same run:
the cost of getting any pixels on screen at all.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/timeline_paint.py [runs]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.gui.video.timeline import DEFAULT_COLOURS, Marker, Timeline

DURATION_MS = 45 * 60 * 1000
SIZE = (1280, 48)


def median_ms(action: Callable[[], None], runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    app = QApplication.instance() or QApplication([])
    rng = random.Random(4)
    categories = list(DEFAULT_COLOURS)
    markers = [
        Marker(rng.randrange(DURATION_MS), f"comment {i}", rng.choice(categories))
        for i in range(2000)
    ]
    timeline = Timeline()
    timeline.resize(*SIZE)
    timeline.set_duration(DURATION_MS)
    timeline.set_markers(markers)
    timeline.show()
    empty = QWidget()
    empty.resize(*SIZE)
    empty.show()
    app.processEvents()

    def rebuild() -> None:
        timeline.set_markers(markers)
        timeline.repaint()

    position = [0]

    def playhead() -> None:
        old = timeline.x_for_ms(position[0])
        position[0] = (position[0] + 1000) % DURATION_MS
        new = timeline.x_for_ms(position[0])
        timeline.set_position(position[0])
        # What the event loop would do with the two dirty strips set_position asked for.
        timeline.repaint(min(old, new) - 6, 0, abs(new - old) + 13, SIZE[1])

    reference = median_ms(empty.repaint, runs)
    cached = median_ms(timeline.repaint, runs)
    rebuilt = median_ms(rebuild, runs)
    moved = median_ms(playhead, runs)
    print(f"platform {app.platformName()}, {SIZE[0]}x{SIZE[1]} px, 2000 markers, {runs} runs")
    print(f"empty QWidget repaint (reference)   {reference:7.3f} ms")
    for name, value in (
        ("timeline full repaint, cached", cached),
        ("timeline repaint, markers changed", rebuilt),
        ("timeline playhead move", moved),
    ):
        verdict = "ok" if value < 16 else "OVER 16 ms"
        print(f"{name:<35} {value:7.3f} ms  {value / reference:6.1f}x reference  {verdict}")


if __name__ == "__main__":
    main()

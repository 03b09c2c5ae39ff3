"""Records from the synthetic source in real time until killed (driven by a test)."""

from __future__ import annotations

import sys
from pathlib import Path

from evidencekit.media.recording.recorder import Recorder
from evidencekit.media.recording.synthetic_source import SyntheticSource


def main() -> None:
    folder = Path(sys.argv[1])
    source = SyntheticSource(width=320, height=180, fps=15)
    recorder = Recorder(folder, "lesson", width=320, height=180, fps=15)

    def tick(second: int) -> None:
        if second == 2:
            recorder.bookmark(second + 0.5, "hinge question")
        print(f"second {second}", flush=True)

    source.run(recorder, 600, realtime=True, on_second=tick)


if __name__ == "__main__":
    main()

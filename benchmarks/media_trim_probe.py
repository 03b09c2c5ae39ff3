"""Trim, probe and filmstrip beside the ffmpeg tools, in the same run (medians).

- trim without re-encoding a 2-minute 720p clip vs `ffmpeg -ss S -to E -i IN -c copy`
  (goal: at most 1.5x ffmpeg's time). Ours includes probing the file and planning
  the cut, as the command does.
- the same clip cut off its keyframes (11.0 s to 110.5 s): our partial re-encode (the
  head to the next keyframe and, as the source has B-frames, the end from the last one)
  and our full re-encode, each beside the same `ffmpeg -c copy` (which cannot start
  there: it begins at the keyframe before). A ratio, no goal: it shows what copying saves.
- probe a one-hour file (goal: under 0.3 s), beside `ffprobe` reading the same facts.
- 20 filmstrip pictures from a one-hour clip (goal: under 2 s), beside ffmpeg writing
  20 keyframe thumbnails with `-skip_frame nokey -ss T -frames:v 1` per picture.

    .venv/bin/python benchmarks/media_trim_probe.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from media_fixtures import clip_720p, clip_one_hour

from evidencekit.media.editing.trim import TrimMethod, TrimMode, plan_trim, trim
from evidencekit.media.probe import probe
from evidencekit.media.thumbnails import filmstrip


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def alternate(ours: Callable[[], object], reference: Callable[[], object], runs: int):
    ours(), reference()  # warm the page cache for both
    pairs = [(timed(ours), timed(reference)) for _ in range(runs)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def show(label: str, ours: float, reference: float, goal: str) -> None:
    print(
        f"{label:38} ours {ours:7.3f} s   ffmpeg {reference:7.3f} s   "
        f"ratio {ours / reference:5.2f}x   ({goal})"
    )


def ffmpeg(*args: str | Path) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *map(str, args)], check=True)


def main(runs: int) -> None:
    lesson, hour = clip_720p(), clip_one_hour()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        ours, ref = alternate(
            lambda: trim(lesson, out / "ours.mp4", 10.0, 110.0, mode=TrimMode.COPY),
            lambda: ffmpeg("-ss", "10", "-to", "110", "-i", lesson, "-c", "copy", out / "ff.mp4"),
            runs,
        )
        show("trim 100 s of 2-min 720p, stream copy", ours, ref, "goal <= 1.5x")

        assert plan_trim(lesson, 11.0, 110.5).method is TrimMethod.PARTIAL_REENCODE
        for label, mode in (
            ("partial re-encode", TrimMode.AUTO),
            ("full re-encode", TrimMode.REENCODE),
        ):
            ours, ref = alternate(
                lambda mode=mode: trim(lesson, out / "ours.mp4", 11.0, 110.5, mode=mode),
                lambda: ffmpeg(
                    "-ss", "11", "-to", "110.5", "-i", lesson, "-c", "copy", out / "ff.mp4"
                ),
                runs,
            )
            show(f"trim off keyframes, {label}", ours, ref, "vs ffmpeg copy; no goal")

        ours, ref = alternate(
            lambda: probe(hour),
            lambda: subprocess.run(
                ["ffprobe", "-v", "error", "-show_format", "-show_streams", str(hour)],
                check=True,
                capture_output=True,
            ),
            runs,
        )
        show("probe one-hour file", ours, ref, f"goal < 0.3 s; ours {ours:.3f} s")

        def ffmpeg_strip() -> None:
            length = 3600.0
            for i in range(20):
                at = length * (i + 0.5) / 20
                ffmpeg(
                    "-skip_frame",
                    "nokey",
                    "-ss",
                    f"{at:.2f}",
                    "-i",
                    hour,
                    "-frames:v",
                    "1",
                    "-vf",
                    "scale=160:-2",
                    out / f"ff-{i}.jpg",
                )

        ours, ref = alternate(lambda: filmstrip(hour, 20, 160), ffmpeg_strip, runs)
        show("20 filmstrip pictures, one-hour clip", ours, ref, f"goal < 2 s; ours {ours:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

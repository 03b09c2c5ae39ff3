"""Normalize a 720p clip beside the ffmpeg tool doing the same job, in the same run.

Both encode with libx264 at the same preset and the same bitrate, AAC at 96 kb/s,
MP4 with the index first:

    ffmpeg -i IN -c:v libx264 -preset veryfast -b:v B -maxrate 2B -bufsize 2B
           -c:a aac -b:a 96k -movflags +faststart OUT

Ours runs in a fresh child process, which reports its own peak memory (VmHWM: a
child's ru_maxrss on Linux starts from its parent's peak) and its encode time;
ffmpeg's time includes its start-up (some tens of milliseconds). Goals: at least
0.9x ffmpeg's speed, peak memory under 300 MB. Runs alternate; figures are medians.

    .venv/bin/python benchmarks/media_normalize.py [seconds] [runs]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from media_fixtures import clip_720p

MAX_MB = 40.0

CHILD = """
import json, sys, time
from pathlib import Path
from evidencekit.media.editing.normalize import normalize
started = time.perf_counter()
result = normalize(Path(sys.argv[1]), Path(sys.argv[2]), max_mb=float(sys.argv[3]),
                   force_encode=True)
seconds = time.perf_counter() - started
status = Path("/proc/self/status").read_text().splitlines()
peak_kib = int(next(line for line in status if line.startswith("VmHWM")).split()[1])
print(json.dumps({"seconds": seconds, "peak_mb": peak_kib / 1024,
                  "video_bitrate": result.video_bitrate, "size": result.size_bytes}))
"""


def ours(source: Path, target: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(source), str(target), str(MAX_MB)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def reference(source: Path, target: Path, bitrate: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-i",
            str(source),
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-b:v",
            str(bitrate),
            "-maxrate",
            str(2 * bitrate),
            "-bufsize",
            str(2 * bitrate),
            "-c:a",
            "aac",
            "-b:a",
            "96k",
            "-movflags",
            "+faststart",
            str(target),
        ],
        check=True,
    )
    return time.perf_counter() - started


def main(seconds: int, runs: int) -> None:
    source = clip_720p(seconds)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        first = ours(source, out / "ours.mp4")  # also learns the bitrate ours chose
        bitrate = first["video_bitrate"]
        reference(source, out / "ff.mp4", bitrate)
        mine, theirs, peaks = [], [], []
        for _ in range(runs):
            run = ours(source, out / "ours.mp4")
            mine.append(run["seconds"])
            peaks.append(run["peak_mb"])
            theirs.append(reference(source, out / "ff.mp4", bitrate))
        a, b = statistics.median(mine), statistics.median(theirs)
        print(f"normalize {seconds} s of 720p at {bitrate / 1e6:.2f} Mb/s, preset veryfast")
        print(
            f"  ours {a:6.2f} s   ffmpeg {b:6.2f} s   speed ratio {b / a:4.2f}x "
            f"(ours/ffmpeg speed; goal >= 0.9x)"
        )
        theirs_mb = (out / "ff.mp4").stat().st_size / 1e6
        print(
            f"  peak memory ours {max(peaks):.0f} MB (goal < 300 MB); sizes "
            f"ours {first['size'] / 1e6:.1f} MB, ffmpeg {theirs_mb:.1f} MB"
        )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [20, 3][len(args) :]))

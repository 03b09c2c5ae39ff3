"""`evidencekit media trim --copy` as a whole process, beside `ffmpeg -c copy` (#15 goal: at
most 1.5x ffmpeg's wall time on the 2-minute 720p clip, cutting 30-90 s on keyframes).

Each run is a fresh process, timed from outside: wall clock and the child's own CPU time
(user + system, from wait4). Ours and ffmpeg alternate, so a machine that speeds up or
slows down during the run affects both; medians of the ratios taken pair by pair.

- "probed before": the clip was probed by an earlier command (its facts are in the probe
  cache, as after `media info`, an import, or the trim dialog).
- "never probed": the cache is empty, so the trim reads the whole clip once first.

The last cut is then checked with ffprobe and ffmpeg beside ffmpeg's own cut: the same
streams, the first picture a keyframe at 0, the frame count, and a clean decode.

    .venv/bin/python -m compileall -q src   # as an installed app has its byte code
    .venv/bin/python benchmarks/media_trim_cli.py [runs]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from media_fixtures import clip_720p


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]} failed")
    return wall, usage.ru_utime + usage.ru_stime


def main(runs: int) -> None:
    clip = clip_720p()
    evidencekit = shutil.which("evidencekit", path=str(Path(sys.executable).parent))
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        env = {**os.environ, "XDG_CACHE_HOME": str(out / "cache")}
        ours = [evidencekit or sys.executable, *([] if evidencekit else ["-m", "evidencekit"])]
        ours += ["media", "trim", str(clip), "--start", "30", "--end", "90", "--copy"]
        ffmpeg = ["ffmpeg", "-v", "error", "-y", "-ss", "30", "-to", "90", "-i", str(clip)]
        ffmpeg += ["-c", "copy", str(out / "ff.mp4")]
        for label, cold in (("probed before", False), ("never probed", True)):
            pairs = []
            for n in range(runs + 1):  # the first pair warms the page cache, not counted
                (out / "ours.mp4").unlink(missing_ok=True)
                if cold:
                    shutil.rmtree(out / "cache", ignore_errors=True)
                a = run([*ours, "-o", str(out / "ours.mp4")], env)
                b = run(ffmpeg, env)
                if n:
                    pairs.append((a, b))
            show(label, pairs)
        print(checked(out / "ours.mp4", out / "ff.mp4"))


def ffprobe(path: Path, *what: str) -> str:
    done = subprocess.run(["ffprobe", "-v", "error", *what, "-of", "csv=p=0", str(path)],
                          check=True, capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip()


def checked(ours: Path, theirs: Path) -> str:
    """The cut as ffprobe and ffmpeg (tools we did not write) see it, beside ffmpeg's own."""
    streams = "stream=codec_type,codec_name,width,height,r_frame_rate,sample_rate,channels"
    same = ffprobe(ours, "-show_entries", streams) == ffprobe(theirs, "-show_entries", streams)
    first = ffprobe(ours, "-select_streams", "v:0", "-read_intervals", "%+#1",
                    "-show_entries", "packet=pts_time,flags")  # fmt: skip
    video = "stream=nb_frames,duration"
    plays = subprocess.run(["ffmpeg", "-v", "error", "-i", str(ours), "-f", "null", "-"],
                           capture_output=True, text=True).stderr == ""  # fmt: skip
    return (
        f"check: streams as ffmpeg's cut: {same}; first video packet (time, flags): {first}; "
        f"video seconds, frames: {ffprobe(ours, '-select_streams', 'v:0', '-show_entries', video)}"
        f" (ffmpeg's: {ffprobe(theirs, '-select_streams', 'v:0', '-show_entries', video)}); "
        f"decodes without an error: {plays}"
    )


def show(label: str, pairs: list[tuple[tuple[float, float], tuple[float, float]]]) -> None:
    def median(values: list[float]) -> float:
        return statistics.median(values)

    print(
        f"trim --copy 30-90 s, {label:13}  "
        f"wall ours {median([a[0] for a, _ in pairs]):.3f} s  ffmpeg "
        f"{median([b[0] for _, b in pairs]):.3f} s  ratio "
        f"{median([a[0] / b[0] for a, b in pairs]):.2f}x   "
        f"cpu ours {median([a[1] for a, _ in pairs]):.3f} s  ffmpeg "
        f"{median([b[1] for _, b in pairs]):.3f} s  ratio "
        f"{median([a[1] / b[1] for a, b in pairs]):.2f}x   (goal: wall <= 1.5x)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)

"""Long test clips for the media benchmarks, made once with the ffmpeg tool and cached.

- ``clip_720p``: (by default) two minutes of 1280x720 at 30 fps, H.264 (keyframe every 2 s) + AAC,
  like a phone's lesson recording.
- ``clip_one_hour``: an hour of 640x360 H.264 + AAC, made by stream-copying one
  minute sixty times (seconds to make, not an hour of encoding).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

CACHE = Path("/tmp/evidencekit-bench-media")


def _ffmpeg(*args: str | Path) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *map(str, args)], check=True)


def _source(size: str, rate: int, seconds: int, target: Path) -> Path:
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        part = target.with_suffix(".part.mp4")
        _ffmpeg(
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={size}:rate={rate}",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=220:sample_rate=48000",
            "-t",
            str(seconds),
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-g",
            str(rate * 2),
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "96k",
            "-movflags",
            "+faststart",
            part,
        )
        part.rename(target)
    return target


def clip_720p(seconds: int = 120) -> Path:
    return _source("1280x720", 30, seconds, CACHE / f"lesson-720p-{seconds}s.mp4")


def clip_one_hour() -> Path:
    target = CACHE / "lesson-360p-1h.mp4"
    if not target.exists():
        minute = _source("640x360", 25, 60, CACHE / "lesson-360p-1min.mp4")
        listing = CACHE / "concat.txt"
        listing.write_text("".join(f"file '{minute.name}'\n" for _ in range(60)))
        part = target.with_suffix(".part.mp4")
        _ffmpeg(
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            listing,
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            part,
        )
        part.rename(target)
    return target


if __name__ == "__main__":
    print(clip_720p(), clip_one_hour())

"""Small recorded clips with bookmarks and pauses beside them, for import and trim tests."""

from __future__ import annotations

from pathlib import Path

from evidencekit.domain.submissions import Bookmark
from evidencekit.media.bookmarks import save_bookmarks
from evidencekit.media.recorder import Recorder
from evidencekit.media.synthetic_source import SyntheticSource

W, H, FPS = 160, 90, 15


def recorded_clip(folder: Path, name: str = "lesson", seconds: float = 4.0) -> Path:
    """A recording with a keyframe every second and bookmarks at 0.5 s and 2.5 s."""
    recorder = Recorder(folder, name, width=W, height=H, fps=FPS)
    SyntheticSource(width=W, height=H, fps=FPS).run(recorder, seconds)
    clip = recorder.finish(folder / f"{name}.mp4")
    save_bookmarks(clip, [Bookmark(0.5, "warm-up"), Bookmark(2.5, "hinge question")])
    return clip


def paused_clip(folder: Path, name: str = "paused") -> Path:
    """1 s, paused, then 3 s more: two takes joined at 1.0 s; a bookmark at 2.5 s."""
    source = SyntheticSource(width=W, height=H, fps=FPS)
    recorder = Recorder(folder, name, width=W, height=H, fps=FPS)
    frame = source.run(recorder, 1.0)
    recorder.pause(1.0)
    frame = source.run(recorder, 1.0, start_frame=frame)  # dropped while paused
    recorder.resume(2.0)
    source.run(recorder, 3.0, start_frame=frame)
    clip = recorder.finish(folder / f"{name}.mp4")
    save_bookmarks(clip, [Bookmark(2.5, "after the pause")])
    return clip

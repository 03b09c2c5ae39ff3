"""Small recorded clips with bookmarks and pauses beside them, for import and trim tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from evidencekit.domain.submissions import Bookmark, Clip
from evidencekit.media.recording.bookmarks import save_bookmarks
from evidencekit.media.recording.recorder import Recorder
from evidencekit.media.recording.synthetic_source import SyntheticSource
from evidencekit.services.evidence import add_evidence_files, remove_evidence
from evidencekit.services.submissions import submission_detail
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION

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


def demo_with_bookmarked_clip(workspace: Workspace, clip: Path, folder: Path) -> int:
    """The demo submission with its questioning clip replaced by ``clip`` bookmarked at 2 s;
    ``workspace`` holds the demo (the ``demo_workspace`` fixture)."""
    demo = DEMO_SUBMISSION
    [old] = [
        e
        for e in submission_detail(workspace, demo).evidence
        if isinstance(e, Clip) and e.slot_id == "q-clip"
    ]
    recorded = folder / "lesson.mp4"
    shutil.copy(clip, recorded)
    save_bookmarks(recorded, [Bookmark(2.0, "Wait time starts")])
    remove_evidence(workspace, demo, old.id)
    add_evidence_files(workspace, demo, "q-clip", [recorded])
    return demo

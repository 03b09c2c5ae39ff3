"""Protecting a clip reports progress by the clip's title, never by its stored hash name."""

from __future__ import annotations

import re
from pathlib import Path

from evidencekit.domain.submissions import Clip
from evidencekit.domain.tasks import ProgressEvent, Reporter
from evidencekit.services import redaction
from evidencekit.services.video_import import import_clips
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION
from tests.media.face_clips import four_faces, make_face_clip


def test_progress_names_the_clip(demo_workspace: Workspace, tmp_path: Path) -> None:
    source = tmp_path / "lesson.mp4"
    make_face_clip(source, four_faces()[:1], seconds=1.0)
    [clip] = import_clips(demo_workspace, DEMO_SUBMISSION, "q-clip", [source]).evidence
    assert isinstance(clip, Clip)
    events: list[ProgressEvent] = []
    plan = redaction.protect_clip(demo_workspace, clip, Reporter.to(events.append))
    redaction.finish_redaction(demo_workspace, clip, plan, Reporter.to(events.append))
    messages = {e.message for e in events if e.message}
    assert messages
    assert any(f"'{clip.title}'" in m for m in messages)
    assert not any(re.search(r"[0-9a-f]{32}", m) for m in messages), messages

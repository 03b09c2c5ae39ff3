"""A clip's bookmarks are stored with it; clips from before migration 0009 have none."""

from __future__ import annotations

from pathlib import Path

from evidencekit.domain.submissions import Bookmark, Clip
from evidencekit.storage import repository, schema_version
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.storage.old_workspace import workspace_with_one_clip_at


def test_upgrade_from_0006_leaves_existing_clips_without_bookmarks(tmp_path: Path) -> None:
    folder = workspace_with_one_clip_at(tmp_path / "ws", "0006")
    with open_workspace(folder) as ws:
        with ws.engine.connect() as conn:
            assert schema_version.current_revision(conn) == schema_version.HEAD_REVISION
        with ws.unit_of_work() as session:
            [clip] = repository.evidence_of(session, 1)
    assert isinstance(clip, Clip) and clip.bookmarks == ()


def test_bookmarks_are_stored_with_the_clip(any_workspace: Workspace) -> None:
    marks = (Bookmark(1.25, "hinge question"), Bookmark(40.0, "exit ticket — “why?”"))
    with any_workspace.unit_of_work() as session:
        _submission, attempt = repository.create_submission(session, "c", "1.0", None, "T")
        repository.ensure_media_blob(session, "b" * 64, 10)
        repository.add_evidence(
            session,
            attempt.id,
            kind="clip",
            slot_id="q-clip",
            title="Lesson",
            media_sha256="b" * 64,
            file_name="l.mp4",
            size_bytes=10,
            duration_s=60.0,
            has_audio=True,
            bookmarks=repository.bookmarks_json(marks),
        )
    with any_workspace.unit_of_work() as session:
        [loaded] = repository.evidence_of(session, attempt.id)
    assert isinstance(loaded, Clip) and loaded.bookmarks == marks

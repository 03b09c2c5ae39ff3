"""Where a clip's takes join is stored with it; clips from before migration 0006 are one take."""

from __future__ import annotations

from pathlib import Path

from evidencekit.domain.submissions import Clip, Cut, CutKind
from evidencekit.storage import repository, schema_version
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.storage.old_workspace import workspace_with_one_clip_at


def test_upgrade_from_0005_keeps_existing_clips_as_one_take(tmp_path: Path) -> None:
    folder = workspace_with_one_clip_at(tmp_path / "ws", "0005")
    with open_workspace(folder) as ws:
        with ws.engine.connect() as conn:
            assert schema_version.current_revision(conn) == schema_version.HEAD_REVISION
        with ws.unit_of_work() as session:
            [clip] = repository.evidence_of(session, 1)
    assert isinstance(clip, Clip)
    assert (clip.cuts, clip.takes) == ((), 1)


def test_cuts_are_stored_with_the_clip(any_workspace: Workspace) -> None:
    cuts = (Cut(12.5, CutKind.PAUSE), Cut(40.0, CutKind.JUMP))
    with any_workspace.unit_of_work() as session:
        _submission, attempt = repository.create_submission(session, "c", "1.0", None, "T")
        repository.ensure_media_blob(session, "b" * 64, 10)
        added = repository.add_evidence(
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
            cuts=repository.cuts_json(cuts),
        )
        [loaded] = repository.evidence_of(session, attempt.id)
    assert isinstance(added, Clip) and isinstance(loaded, Clip)
    assert loaded.cuts == cuts
    assert loaded.takes == 3

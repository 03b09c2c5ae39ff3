"""A recording paused and resumed cannot go into a 'continuous/unedited' slot; one take can."""

from __future__ import annotations

from pathlib import Path

from evidencekit.domain.preflight import Finding
from evidencekit.domain.submissions import Clip, CutKind
from evidencekit.media.recording.recorder import Recorder
from evidencekit.media.recording.synthetic_source import SyntheticSource
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.services.video_import import import_clips
from evidencekit.storage.workspace import Workspace
from tests.media.takes_clips import jumped_clip, paused_recording


def imported(
    workspace: Workspace, credential: str, unit: str, slot: str, path: Path
) -> tuple[Clip, list[Finding]]:
    """The clip added to a new submission's slot, and the preflight findings about it."""
    sid = create_submission(workspace, credential, unit, "Spring").submission.id
    [clip] = import_clips(workspace, sid, slot, [path]).evidence
    assert isinstance(clip, Clip)
    found = [f for f in submission_detail(workspace, sid).findings if f.evidence_id == clip.id]
    return clip, found


def test_a_paused_recording_blocks_the_continuous_slot(
    workspace: Workspace, tmp_path: Path
) -> None:
    clip, found = imported(
        workspace,
        "checking-for-understanding",
        "questioning",
        "q-clip",
        paused_recording(tmp_path),
    )
    assert clip.takes == 2 and clip.cuts[0].kind is CutKind.PAUSE
    [finding] = [f for f in found if f.code == "video.not_continuous"]
    assert finding.blocking
    assert "joins 2 takes (paused once while recording)" in finding.message


def test_an_unpaused_recording_passes_the_continuous_slot(
    workspace: Workspace, tmp_path: Path
) -> None:
    recorder = Recorder(tmp_path, "plain", width=160, height=90, fps=15)
    SyntheticSource(width=160, height=90, fps=15).run(recorder, 2.0)
    clip, found = imported(
        workspace,
        "checking-for-understanding",
        "questioning",
        "q-clip",
        recorder.finish(tmp_path / "plain.mp4"),
    )
    assert clip.takes == 1
    assert [f.code for f in found if f.blocking] == []


def test_a_joined_export_is_recorded_as_two_takes(workspace: Workspace, tmp_path: Path) -> None:
    clip, found = imported(
        workspace,
        "checking-for-understanding",
        "questioning",
        "q-clip",
        jumped_clip(tmp_path / "export.mp4", "mp4"),
    )
    assert clip.takes == 2 and clip.cuts[0].kind is CutKind.JUMP
    assert "video.not_continuous" in [f.code for f in found]


def test_a_slot_that_allows_editing_takes_a_paused_recording(
    workspace: Workspace, tmp_path: Path
) -> None:
    clip, found = imported(
        workspace, "data-literacy", "collecting-evidence", "ce-clip", paused_recording(tmp_path)
    )
    assert clip.takes == 2
    assert "video.not_continuous" not in [f.code for f in found]

"""Importing every kind of clip, refusing damaged ones, and the bundle's browser-ready copies."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from evidencekit.domain.errors import Cancelled, MediaError
from evidencekit.domain.submissions import Clip
from evidencekit.domain.tasks import CancelToken, ProgressEvent, Reporter
from evidencekit.media.probe import probe
from evidencekit.services import video_import
from evidencekit.services.packing import pack_submission
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.services.video_import import bundle_clip_path, import_clips
from evidencekit.storage.models import DerivedMedia, EvidenceRow, MediaBlob
from evidencekit.storage.workspace import Workspace
from tests.bundle.extracting import safe_extract
from tests.conftest import DEMO_SUBMISSION
from tests.media.clips import RECIPES, make_clip
from tests.media.flash_clips import FLASH_CLIPS, damage, ffmpeg, make_flash_clip


def new_submission(workspace: Workspace) -> int:
    summary = create_submission(workspace, "checking-for-understanding", "questioning", "Spring")
    return summary.submission.id


def stored_files(workspace: Workspace) -> list[Path]:
    return [p for p in workspace.media.root.rglob("*") if p.is_file()]


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_each_kind_is_imported_and_bundled_as_browser_ready_mp4(
    name: str, workspace: Workspace, clip: Callable[[str], Path]
) -> None:
    sid = new_submission(workspace)
    imported = import_clips(workspace, sid, "q-clip", [clip(name)])
    [item] = imported.evidence
    assert isinstance(item, Clip)
    assert item.takes == 1
    original = workspace.media.path_for(item.sha256)
    assert original.read_bytes() == clip(name).read_bytes()  # the original, untouched
    silent = RECIPES[name].audio_codec is None
    assert [w.code for w in imported.warnings] == (["video.no_audio"] if silent else [])
    assert all(w.evidence_id == item.id and w.slot_id == "q-clip" for w in imported.warnings)

    bundled = bundle_clip_path(workspace, item, max_mb=500)
    info = probe(bundled)
    assert (info.video_codec, info.audio_codec) == ("h264", None if silent else "aac")
    assert info.rotation == RECIPES[name].rotation
    assert bundled.name == hashlib.sha256(bundled.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["hevc", "h264_mkv", "vp9_webm", "h264_mp4"])
def test_a_truncated_file_adds_nothing(
    name: str, workspace: Workspace, truncated: Callable[[str], Path]
) -> None:
    sid = new_submission(workspace)
    with pytest.raises(MediaError, match="not a video EvidenceKit can read"):
        import_clips(workspace, sid, "q-clip", [truncated(name)])
    assert stored_files(workspace) == []
    with workspace.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(EvidenceRow)) == 0
        assert session.scalar(select(func.count()).select_from(MediaBlob)) == 0


def test_one_bad_file_in_a_batch_adds_none(
    workspace: Workspace, clip: Callable[[str], Path], truncated: Callable[[str], Path]
) -> None:
    sid = new_submission(workspace)
    with pytest.raises(MediaError):
        import_clips(workspace, sid, "q-clip", [clip("hevc"), truncated("vp9_webm")])
    assert stored_files(workspace) == []


def test_dark_quiet_clip_is_warned_about(workspace: Workspace, tmp_path: Path) -> None:
    sid = new_submission(workspace)
    dim = make_clip(tmp_path / "dim.mov", "phone_portrait", dark=True, quiet=True)
    warnings = import_clips(workspace, sid, "q-clip", [dim]).warnings
    assert [w.code for w in warnings] == ["video.too_dark", "video.nearly_silent"]


def test_the_bundle_copy_is_made_once_and_reused(
    workspace: Workspace, clip: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = new_submission(workspace)
    [item] = import_clips(workspace, sid, "q-clip", [clip("hevc")]).evidence
    assert isinstance(item, Clip)
    first = bundle_clip_path(workspace, item, max_mb=500)

    def must_not_encode(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("encoded again")

    monkeypatch.setattr(video_import, "normalize", must_not_encode)
    assert bundle_clip_path(workspace, item, max_mb=500) == first
    monkeypatch.undo()
    # Another cap is another recipe, so the copy is made again (for so small a picture
    # the bitrate ceiling, not the cap, decides, so it may come out the same file).
    made: list[float | None] = []

    def counted(*args: object, **kwargs: Any) -> object:
        made.append(kwargs.get("max_mb"))
        return real_normalize(*args, **kwargs)

    real_normalize = video_import.normalize
    monkeypatch.setattr(video_import, "normalize", counted)
    bundle_clip_path(workspace, item, max_mb=1)
    assert made == [1]
    monkeypatch.undo()
    first.unlink()
    again = bundle_clip_path(workspace, item, max_mb=500)
    assert again.is_file()
    with workspace.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(DerivedMedia)) == 2


def test_cancelled_preparation_leaves_no_files(workspace: Workspace, tmp_path: Path) -> None:
    sid = new_submission(workspace)
    long = make_clip(tmp_path / "long.webm", "vp9_webm", seconds=20.0)
    [item] = import_clips(workspace, sid, "q-clip", [long]).evidence
    assert isinstance(item, Clip)
    before = sorted(stored_files(workspace))
    token = CancelToken()

    def cancel_soon(event: ProgressEvent) -> None:
        if event.done > 1:
            token.cancel()

    with pytest.raises(Cancelled):
        bundle_clip_path(workspace, item, 500, Reporter(cancel_soon, token))
    assert sorted(stored_files(workspace)) == before
    with workspace.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(DerivedMedia)) == 0


def test_pack_carries_the_derived_mp4(
    demo_workspace: Workspace, clip: Callable[[str], Path], tmp_path: Path
) -> None:
    sid = DEMO_SUBMISSION
    [hevc] = import_clips(demo_workspace, sid, "q-clip", [clip("hevc")]).evidence
    assert isinstance(hevc, Clip)
    detail = submission_detail(demo_workspace, sid)
    assert detail.blocking == []
    events: list[ProgressEvent] = []
    bundle = pack_submission(
        demo_workspace,
        sid,
        tmp_path / "s.evkit",
        Ed25519PrivateKey.generate(),
        reporter=Reporter.to(events.append),
    ).path
    assert any("for the bundle" in e.message for e in events)
    with safe_extract(bundle) as bag:
        metadata = json.loads((bag.path / "data" / "submission.json").read_text())
        clips = [e for e in metadata["evidence"] if e["kind"] == "clip"]
        assert all(e["path"].endswith(".mp4") for e in clips)
        [entry] = [e for e in clips if e["title"] == hevc.title]
        packed = bag.path / entry["path"]
        assert probe(packed).video_codec == "h264"
        assert entry["sha256"] == hashlib.sha256(packed.read_bytes()).hexdigest()
        assert entry["sha256"] != hevc.sha256


def test_the_bundle_copy_keeps_every_sound_track(workspace: Workspace, tmp_path: Path) -> None:
    sid = new_submission(workspace)
    source = make_flash_clip(tmp_path / "mic.mkv", FLASH_CLIPS["two_tracks"])
    [item] = import_clips(workspace, sid, "q-clip", [source]).evidence
    assert isinstance(item, Clip)
    bundled = probe(bundle_clip_path(workspace, item, max_mb=500))
    assert bundled.audio_tracks == 2 and bundled.audio_codec == "aac"


def test_a_damaged_clip_is_refused_at_import(workspace: Workspace, tmp_path: Path) -> None:
    sid = new_submission(workspace)
    intact = tmp_path / "lesson.mp4"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=320x180:r=30:d=4",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-movflags",
        "+faststart",
        str(intact),
    )  # index first: the garbage lands among the pictures, as on a failing card
    broken = damage(intact, tmp_path / "broken.mp4", garbage=intact.stat().st_size // 5)
    with pytest.raises(MediaError, match="the file is damaged"):
        import_clips(workspace, sid, "q-clip", [broken])
    assert stored_files(workspace) == []

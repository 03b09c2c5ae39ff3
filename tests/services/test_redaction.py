"""Protecting students: consent blocks until the clip is redacted and reviewed; bundles carry
only the redacted copy and an audit entry."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import av
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.domain.consent import ConsentKind
from evidencekit.domain.redaction import Keep, RedactionError, keep_track
from evidencekit.domain.submissions import Clip
from evidencekit.services import redaction, roster
from evidencekit.services.packing import PackBlocked, pack_submission
from evidencekit.services.submissions import submission_detail
from evidencekit.services.video_import import import_clips
from evidencekit.storage.workspace import Workspace
from tests.bundle.extracting import safe_extract
from tests.conftest import DEMO_SUBMISSION
from tests.media.face_clips import four_faces, make_face_clip, sharpness


def _codes(workspace: Workspace, sid: int, clip_id: int) -> set[str]:
    detail = submission_detail(workspace, sid)
    return {f.code for f in detail.blocking if f.evidence_id == clip_id}


def _first_grey(path: Path):
    with av.open(str(path)) as container:
        return next(container.decode(video=0)).to_ndarray(format="gray")


def test_unconsented_student_blocks_until_redacted_and_reviewed_then_bundle_is_redacted(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    sid = DEMO_SUBMISSION
    source = tmp_path / "lesson.mp4"
    truth = make_face_clip(source, four_faces()[:2], seconds=2.0)
    [clip] = import_clips(demo_workspace, sid, "q-clip", [source]).evidence
    assert isinstance(clip, Clip)
    ana = roster.add_student(demo_workspace, "Ana", audio=True)  # heard, but no video consent
    roster.tag_evidence(demo_workspace, sid, clip.id, [ana.id])
    assert _codes(demo_workspace, sid, clip.id) == {"consent.missing"}

    plan = redaction.protect_clip(demo_workspace, clip)
    assert _codes(demo_workspace, sid, clip.id) == {"consent.missing", "redaction.unfinished"}
    with pytest.raises(PackBlocked):
        pack_submission(demo_workspace, sid, tmp_path / "early.evkit", Ed25519PrivateKey.generate())

    teacher = max(plan.tracks, key=lambda t: t.boxes[0].w).id
    with pytest.raises(RedactionError, match="without video consent"):
        redaction.save_review(
            demo_workspace, clip, keep_track(plan, teacher, Keep(student_id=ana.id))
        )
    plan = keep_track(plan, teacher, Keep(teacher=True))
    redaction.save_review(demo_workspace, clip, plan)
    assert "redaction.unfinished" in _codes(demo_workspace, sid, clip.id)  # saved, not yet reviewed
    done = redaction.finish_redaction(demo_workspace, clip, plan)
    assert done.reviewed and _codes(demo_workspace, sid, clip.id) == set()
    assert demo_workspace.media.has(clip.sha256)  # the original stays in the demo_workspace

    bundle = pack_submission(
        demo_workspace, sid, tmp_path / "s.evkit", Ed25519PrivateKey.generate()
    ).path
    with safe_extract(bundle) as bag:
        metadata = json.loads((bag.path / "data" / "submission.json").read_text())
        [entry] = [e for e in metadata["evidence"] if e.get("id") == clip.id]
        audit = entry["redaction"]
        assert audit["reviewed"] is True and audit["tracks_blurred"] == 1
        assert audit["detector"] == "centerface" and audit["manual_edits"] == {"keep": 1}
        assert audit["settings"]["model_sha256"].startswith("09189deaaf86")
        packed = bag.path / entry["path"]
        digests = {
            hashlib.sha256(p.read_bytes()).hexdigest() for p in bag.path.rglob("*") if p.is_file()
        }
        assert clip.sha256 not in digests  # the original never travels
        picture = _first_grey(packed)
        original = _first_grey(source)
        pupil = truth[1][0]
        assert sharpness(picture, pupil) < 0.05 * sharpness(original, pupil)
        text = (bag.path / "data" / "submission.json").read_text()
        assert "Ana" not in text and "boxes" not in text


def test_stop_protecting_blocks_again_and_consent_alone_clears(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    sid = DEMO_SUBMISSION
    source = tmp_path / "lesson.mp4"
    make_face_clip(source, four_faces()[:1], seconds=1.0)
    [clip] = import_clips(demo_workspace, sid, "q-clip", [source]).evidence
    assert isinstance(clip, Clip)
    ben = roster.add_student(demo_workspace, "Ben", audio=True)
    roster.tag_evidence(demo_workspace, sid, clip.id, [ben.id])
    plan = redaction.protect_clip(demo_workspace, clip)
    redaction.finish_redaction(demo_workspace, clip, plan)
    assert _codes(demo_workspace, sid, clip.id) == set()
    redaction.stop_protecting(demo_workspace, clip)
    assert _codes(demo_workspace, sid, clip.id) == {"consent.missing"}
    roster.set_consent(demo_workspace, ben.id, ConsentKind.VIDEO, True)
    assert _codes(demo_workspace, sid, clip.id) == set()


def test_fewer_faces_than_tagged_students_is_said_in_words(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    sid = DEMO_SUBMISSION
    source = tmp_path / "one-face.mp4"
    make_face_clip(source, four_faces()[:1], seconds=1.0)
    [clip] = import_clips(demo_workspace, sid, "q-clip", [source]).evidence
    assert isinstance(clip, Clip)
    pupils = [roster.add_student(demo_workspace, name, video=True) for name in ("Ana", "Ben")]
    roster.tag_evidence(demo_workspace, sid, clip.id, [p.id for p in pupils])
    plan = redaction.protect_clip(demo_workspace, clip)
    [few] = [c for c in plan.cautions if c.kind == "few_faces"]
    assert "1 face(s) found but 2 people are tagged" in few.text
    assert redaction.redaction_plan(demo_workspace, clip).cautions == plan.cautions  # saved

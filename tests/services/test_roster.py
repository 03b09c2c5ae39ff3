"""The roster service and the consent finding it feeds into every submission's preflight."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.domain.consent import ConsentKind
from evidencekit.domain.errors import EvidenceKitError, NotFound
from evidencekit.services import evidence as evidence_service
from evidencekit.services import roster
from evidencekit.services.submissions import create_submission, submission_detail
from evidencekit.storage.workspace import Workspace
from tests.conftest import DEMO_SUBMISSION

CFU = "checking-for-understanding"


@pytest.fixture
def clip_submission(workspace: Workspace, sample_clip: Path) -> tuple[int, int]:
    summary = create_submission(workspace, CFU, "questioning", "Spring")
    sid = summary.submission.id
    [clip] = evidence_service.add_evidence_files(workspace, sid, "q-clip", [sample_clip])
    return sid, clip.id


def test_add_rename_and_remove_students(workspace: Workspace) -> None:
    ana = roster.add_student(workspace, "  Ana  ", video=True)
    assert (ana.name, ana.video, ana.audio) == ("Ana", True, False)
    with pytest.raises(roster.DuplicateStudent, match="already a student called 'Ana'"):
        roster.add_student(workspace, "Ana")
    with pytest.raises(EvidenceKitError, match="first name or a pseudonym"):
        roster.add_student(workspace, "   ")
    with pytest.raises(EvidenceKitError, match="under 100"):
        roster.add_student(workspace, "x" * 101)
    ben = roster.add_student(workspace, "Ben")
    with pytest.raises(roster.DuplicateStudent):
        roster.rename_student(workspace, ben.id, "Ana")
    assert roster.rename_student(workspace, ben.id, "Bea").name == "Bea"
    roster.remove_student(workspace, ana.id)
    assert [s.name for s in roster.list_students(workspace)] == ["Bea"]
    with pytest.raises(NotFound):
        roster.set_consent(workspace, ana.id, ConsentKind.VIDEO, True)


def test_consent_form_is_kept_in_the_media_store(workspace: Workspace, tmp_path: Path) -> None:
    ana = roster.add_student(workspace, "Ana")
    scan = tmp_path / "ana-form.pdf"
    scan.write_bytes(b"%PDF-1.4 signed form")
    updated = roster.attach_form(workspace, ana.id, scan)
    assert updated.form_file_name == "ana-form.pdf"
    stored = roster.form_path(workspace, ana.id)
    assert stored is not None and stored.read_bytes() == scan.read_bytes()
    bad = tmp_path / "form.exe"
    bad.write_bytes(b"MZ")
    with pytest.raises(EvidenceKitError, match="scan or PDF"):
        roster.attach_form(workspace, ana.id, bad)
    with pytest.raises(EvidenceKitError, match="does not exist"):
        roster.attach_form(workspace, ana.id, tmp_path / "missing.pdf")
    with pytest.raises(NotFound):
        roster.attach_form(workspace, 999, scan)


def test_tagging_without_consent_blocks_until_consent_is_recorded(
    workspace: Workspace, clip_submission: tuple[int, int]
) -> None:
    sid, clip_id = clip_submission
    ana = roster.add_student(workspace, "Ana")
    roster.tag_evidence(workspace, sid, clip_id, [ana.id])
    detail = submission_detail(workspace, sid)
    [finding] = [f for f in detail.findings if f.code == "consent.missing"]
    assert finding.blocking and finding.evidence_id == clip_id
    assert [s.name for s in detail.appearances[clip_id]] == ["Ana"]
    roster.set_consent(workspace, ana.id, ConsentKind.VIDEO, True)
    roster.set_consent(workspace, ana.id, ConsentKind.AUDIO, True)
    assert not [f for f in submission_detail(workspace, sid).findings if f.code.startswith("cons")]


def test_tagging_refuses_text_unknown_students_and_other_submissions(
    workspace: Workspace, clip_submission: tuple[int, int]
) -> None:
    sid, clip_id = clip_submission
    essay = evidence_service.set_text(workspace, sid, "q-reflection", "Some words.")
    ana = roster.add_student(workspace, "Ana")
    with pytest.raises(EvidenceKitError, match="only clips and files"):
        roster.tag_evidence(workspace, sid, essay.id, [ana.id])
    with pytest.raises(NotFound, match="student"):
        roster.tag_evidence(workspace, sid, clip_id, [999])
    other = create_submission(workspace, CFU, None, "Other").submission.id
    with pytest.raises(NotFound, match="evidence item"):
        roster.tag_evidence(workspace, other, clip_id, [ana.id])


def test_consent_summary_has_counts_only(workspace: Workspace) -> None:
    roster.add_student(workspace, "Ana", video=True, audio=True)
    roster.add_student(workspace, "Ben", work_samples=True)
    summary = roster.consent_summary(workspace)
    assert summary == {"students": 2, "video": 1, "audio": 1, "work_samples": 1}


def test_text_history_and_restore(workspace: Workspace) -> None:
    sid = create_submission(workspace, CFU, "questioning", "Spring").submission.id
    evidence_service.set_text(workspace, sid, "q-wait-time", "first")
    evidence_service.set_text(workspace, sid, "q-wait-time", "second version")
    history = evidence_service.text_history(workspace, sid, "q-wait-time")
    assert [words for _, _, words in history] == [1, 2]
    assert evidence_service.revision_text(workspace, sid, "q-wait-time", history[0][0]) == "first"
    with pytest.raises(NotFound):
        evidence_service.revision_text(workspace, sid, "q-wait-time", 12345)
    assert evidence_service.text_history(workspace, sid, "q-reflection") == []


def test_bundles_carry_consent_counts_but_no_names(demo_workspace: Workspace) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from evidencekit.bundle.signing.seal import fingerprint
    from evidencekit.services.packing import build_spec

    demo = DEMO_SUBMISSION
    roster.add_student(demo_workspace, "Zoltana", video=True, audio=True, work_samples=True)
    roster.add_student(demo_workspace, "Quillon", work_samples=True)
    detail = submission_detail(demo_workspace, demo)
    spec = build_spec(
        demo_workspace, detail, fingerprint(Ed25519PrivateKey.generate().public_key())
    ).spec
    generated = {i.path: i.source for i in spec.payload if isinstance(i.source, bytes)}
    viewer = generated["data/index.html"].decode("utf-8")
    assert "Class roster (counts only): audio: 1, students: 2, video: 1, work_samples: 2" in viewer
    for data in generated.values():
        assert b"Zoltana" not in data and b"Quillon" not in data

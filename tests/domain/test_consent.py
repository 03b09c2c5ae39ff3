from __future__ import annotations

from evidencekit.domain.consent import ConsentKind, Student, consent_counts, consent_needed
from evidencekit.domain.ids import EvidenceId, SlotId, StudentId
from evidencekit.domain.preflight import Severity, SlotStatus, preflight, slot_status
from evidencekit.domain.submissions import Artifact, Essay
from tests.domain.test_preflight import clip, complete
from tests.factories import credential

ANA = Student(StudentId(1), "Ana", video=False, audio=False, work_samples=False)
BEN = Student(StudentId(2), "Ben", video=True, audio=True, work_samples=True)


def consent_findings(appearances) -> list:
    findings = preflight(credential(), "questioning", complete(), appearances)
    return [f for f in findings if f.code == "consent.missing"]


def test_complete_evidence_with_consented_students_has_no_findings() -> None:
    assert preflight(credential(), "questioning", complete(), {1: [BEN], 4: [BEN]}) == []


def test_clip_with_sound_needs_video_and_audio_consent() -> None:
    [finding] = consent_findings({EvidenceId(1): [ANA, BEN]})
    assert finding.severity is Severity.BLOCKING
    assert (finding.slot_id, finding.evidence_id) == ("clip", 1)
    assert finding.data == {"student": 1, "missing": ["video", "audio"]}
    assert finding.message.startswith(
        "'Lesson 1' shows Ana, who has no consent for video and audio on file;"
    )
    clip_findings = [f for f in preflight(credential(), "questioning", complete(), {1: [ANA]})]
    assert slot_status(clip_findings, has_evidence=True) is SlotStatus.PROBLEM


def test_silent_clip_needs_only_video_consent() -> None:
    video_only = Student(StudentId(3), "Cy", video=True)
    silent = clip(1, audio=False)
    evidence = [silent, *complete()[1:]]
    findings = preflight(credential(), "questioning", evidence, {silent.id: [video_only]})
    assert [f.code for f in findings] == ["video.no_audio"]
    assert consent_needed(silent) == (ConsentKind.VIDEO,)


def test_work_sample_needs_work_sample_consent() -> None:
    [finding] = consent_findings({EvidenceId(4): [ANA]})
    assert finding.data["missing"] == ["work_samples"]
    assert "no consent for work samples" in finding.message
    seen_on_video_only = Student(StudentId(4), "Di", video=True, audio=True)
    assert consent_findings({EvidenceId(4): [seen_on_video_only]}) != []


def test_text_and_attestations_need_no_consent() -> None:
    essay = Essay(EvidenceId(2), SlotId("reflection"), "R", "text")
    assert consent_needed(essay) == ()
    assert consent_findings({EvidenceId(2): [ANA], EvidenceId(5): [ANA]}) == []


def test_fixing_consent_clears_the_finding() -> None:
    assert consent_findings({EvidenceId(1): [ANA]})
    fixed = Student(ANA.id, ANA.name, video=True, audio=True)
    assert consent_findings({EvidenceId(1): [fixed]}) == []


def test_tags_on_unknown_evidence_are_ignored() -> None:
    assert consent_findings({EvidenceId(999): [ANA]}) == []


def test_counts_carry_no_names() -> None:
    counts = consent_counts([ANA, BEN])
    assert counts == {"students": 2, "video": 1, "audio": 1, "work_samples": 1}
    assert "Ana" not in repr(counts)


def test_artifact_consent_is_checked_in_whole_credential_scope() -> None:
    plan = Artifact(EvidenceId(4), SlotId("plan"), "Plan", "1" * 64, "plan.pdf", 100)
    findings = preflight(credential(), None, [plan], {plan.id: [ANA]})
    assert "consent.missing" in [f.code for f in findings]

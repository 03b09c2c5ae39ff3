from __future__ import annotations

from evidencekit.domain.ids import EvidenceId, SlotId
from evidencekit.domain.preflight import Severity, SlotStatus, blocking, preflight, slot_status
from evidencekit.domain.submissions import Artifact, Attestation, Clip, Essay, Evidence
from tests.factories import credential

WORDS_60 = " ".join(["word"] * 60)


def clip(n: int, seconds: float = 300, size: int = 10_000_000, audio: bool = True) -> Clip:
    return Clip(
        EvidenceId(n), SlotId("clip"), f"Lesson {n}", "0" * 64, f"l{n}.mp4", size, seconds, audio
    )


def complete() -> list[Evidence]:
    return [
        clip(1),
        Essay(EvidenceId(2), SlotId("reflection"), "After the lesson", WORDS_60),
        Essay(EvidenceId(3), SlotId("wait"), "Wait time", "I wait five seconds."),
        Artifact(EvidenceId(4), SlotId("plan"), "Plan", "1" * 64, "plan.pdf", 100_000),
        Attestation(EvidenceId(5), SlotId("consent"), "Consent", True),
    ]


def codes(evidence: list[Evidence], unit: str | None = "questioning") -> list[str]:
    return [f.code for f in preflight(credential(), unit, evidence)]


def test_complete_unit_has_no_findings() -> None:
    assert codes(complete()) == []


def test_empty_attempt_blocks_on_every_slot() -> None:
    findings = preflight(credential(), "questioning", [])
    assert [f.code for f in findings] == [
        "video.too_few",
        "essay.missing",
        "answer.missing",
        "artifact.too_few",
        "attestation.unconfirmed",
    ]
    assert all(f.severity is Severity.BLOCKING for f in findings)


def test_whole_credential_scope_checks_every_unit() -> None:
    assert codes(complete(), unit=None) == ["essay.missing"]


def test_clip_too_long_message_reads_like_a_sentence() -> None:
    evidence = [*complete()[1:], clip(1, seconds=751)]
    [finding] = preflight(credential(), "questioning", evidence)
    assert finding.message == (
        "Clip 'Lesson 1' is 12:31 long; this unit allows at most 10:00 per clip."
    )
    assert finding.data == {"duration_s": 751, "max_s": 600}
    assert finding.evidence_id == 1


def test_video_counts_totals_sizes_and_audio() -> None:
    base = complete()[1:]
    assert codes([*base, clip(1), clip(2), clip(3)]) == ["video.too_many"]
    assert codes([*base, clip(1, 540), clip(2, 540)]) == ["video.total_too_long"]
    assert codes([*base, clip(1, size=600_000_000)]) == ["video.file_too_large"]
    findings = preflight(credential(), "questioning", [*base, clip(1, audio=False)])
    assert [(f.code, f.severity) for f in findings] == [("video.no_audio", Severity.WARNING)]
    assert blocking(findings) == []


def test_essay_word_limits() -> None:
    short = Essay(EvidenceId(2), SlotId("reflection"), "R", "Only a few words here.")
    long = Essay(EvidenceId(2), SlotId("reflection"), "R", " ".join(["w"] * 121))
    evidence = [e for e in complete() if e.slot_id != "reflection"]
    [too_short] = preflight(credential(), "questioning", [*evidence, short])
    assert too_short.code == "essay.too_short"
    assert too_short.message == (
        "The reflection 'After the lesson' has 5 words; this unit asks for at least 50."
    )
    assert codes([*evidence, long]) == ["essay.too_long"]


def test_blank_essay_counts_as_missing() -> None:
    evidence = [e for e in complete() if e.slot_id != "reflection"]
    blank = Essay(EvidenceId(9), SlotId("reflection"), "R", "  \n ")
    [finding] = preflight(credential(), "questioning", [*evidence, blank])
    assert finding.code == "essay.missing"
    assert "'After the lesson'" in finding.message


def test_short_answer_limit() -> None:
    evidence = [e for e in complete() if e.slot_id != "wait"]
    answer = Essay(EvidenceId(3), SlotId("wait"), "Wait", " ".join(["w"] * 21))
    assert codes([*evidence, answer]) == ["answer.too_long"]


def test_artifact_type_size_and_count() -> None:
    evidence = [e for e in complete() if e.slot_id != "plan"]
    exe = Artifact(EvidenceId(4), SlotId("plan"), "x", "1" * 64, "plan.exe", 10)
    big = Artifact(EvidenceId(5), SlotId("plan"), "y", "2" * 64, "big.PDF", 6_000_000)
    three = [
        Artifact(EvidenceId(10 + i), SlotId("plan"), "p", str(i) * 64, f"{i}.pdf", 1)
        for i in range(3)
    ]
    assert codes([*evidence, exe]) == ["artifact.wrong_type"]
    assert codes([*evidence, big]) == ["artifact.too_large"]
    assert codes([*evidence, *three]) == ["artifact.too_many"]


def test_unconfirmed_attestation_blocks() -> None:
    evidence = [*complete()[:-1], Attestation(EvidenceId(5), SlotId("consent"), "C", False)]
    assert codes(evidence) == ["attestation.unconfirmed"]


def test_evidence_in_wrong_or_unknown_slot() -> None:
    wrong = Essay(EvidenceId(7), SlotId("clip"), "Oops", "text")
    stray = Essay(EvidenceId(8), SlotId("gone"), "Old", "text")
    assert codes([*complete(), wrong, stray]) == ["evidence.wrong_kind", "evidence.unknown_slot"]


def test_unknown_unit_scope() -> None:
    [finding] = preflight(credential(), "nope", [])
    assert finding.code == "scope.unknown_unit"
    assert finding.blocking


def test_findings_serialise_for_machines() -> None:
    [finding] = preflight(credential(), "questioning", [*complete()[1:], clip(1, seconds=751)])
    assert finding.to_dict()["severity"] == "blocking"
    assert finding.to_dict()["slot"] == "clip"


def test_slot_status_met_not_yet_problem() -> None:
    findings = preflight(credential(), "questioning", [clip(1, seconds=751)])
    clip_findings = [f for f in findings if f.slot_id == "clip"]
    essay_findings = [f for f in findings if f.slot_id == "reflection"]
    assert slot_status(clip_findings, has_evidence=True) is SlotStatus.PROBLEM
    assert slot_status(essay_findings, has_evidence=False) is SlotStatus.NOT_YET
    warning_only = preflight(credential(), "questioning", [*complete()[1:], clip(1, audio=False)])
    assert slot_status(warning_only, has_evidence=True) is SlotStatus.MET

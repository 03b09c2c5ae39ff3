"""Preflight: every requirement of a submission checked, every finding precise.

``preflight`` is a pure function. Each finding is a sentence a teacher
understands (``message``) and a record a program can read (``code``,
``slot_id``, ``evidence_id``, ``data``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from evidencekit.domain.catalog import (
    ArtifactSlot,
    AttestationSlot,
    Credential,
    EssaySlot,
    ShortAnswerSlot,
    Slot,
    Unit,
    VideoSlot,
)
from evidencekit.domain.clip_refs import find_clip_references
from evidencekit.domain.consent import ConsentKind, Student, missing_consent
from evidencekit.domain.ids import EvidenceId, SlotId, UnitId
from evidencekit.domain.redaction import RedactionStatus
from evidencekit.domain.submissions import (
    Artifact,
    Attestation,
    Clip,
    CutKind,
    Essay,
    Evidence,
)
from evidencekit.domain.text import count_words, format_duration, format_megabytes, plural


class Severity(StrEnum):
    BLOCKING = "blocking"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    unit_id: UnitId | None = None
    slot_id: SlotId | None = None
    evidence_id: EvidenceId | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.BLOCKING

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "unit": self.unit_id,
            "slot": self.slot_id,
            "evidence": self.evidence_id,
            "data": dict(self.data),
        }


_MB = 1_000_000


Appearances = Mapping[EvidenceId, Sequence[Student]]
Redactions = Mapping[EvidenceId, RedactionStatus]


def preflight(
    credential: Credential,
    unit_id: str | None,
    evidence: Sequence[Evidence],
    appearances: Appearances | None = None,
    redactions: Redactions | None = None,
) -> list[Finding]:
    """Check the evidence of one attempt against the credential (or one unit of it).

    ``appearances`` names the students tagged as seen or heard in each item;
    ``redactions`` says which clips have their faces hidden (and how far that is).
    """
    units = credential.units_in_scope(unit_id)
    if not units:
        return [
            Finding(
                "scope.unknown_unit",
                Severity.BLOCKING,
                f"Credential '{credential.title}' (version {credential.version}) "
                f"has no unit '{unit_id}'.",
                data={"unit": unit_id},
            )
        ]
    findings: list[Finding] = []
    slot_ids: set[SlotId] = set()
    clips = [e for e in evidence if isinstance(e, Clip)]
    for unit in units:
        for slot in unit.slots:
            slot_ids.add(slot.id)
            items = [e for e in evidence if e.slot_id == slot.id]
            findings.extend(_check_slot(unit, slot, items, clips))
            findings.extend(_check_consent(unit, items, appearances or {}, redactions or {}))
    findings.extend(_stray_evidence(evidence, slot_ids))
    return findings


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


class SlotStatus(StrEnum):
    MET = "met"
    NOT_YET = "not_yet"  # nothing there yet
    PROBLEM = "problem"  # something is there, and it does not fit


def slot_status(findings: Iterable[Finding], has_evidence: bool) -> SlotStatus:
    """A slot is met when nothing about it blocks (warnings allowed)."""
    if not any(f.blocking for f in findings):
        return SlotStatus.MET
    return SlotStatus.PROBLEM if has_evidence else SlotStatus.NOT_YET


def _check_slot(
    unit: Unit, slot: Slot, items: list[Evidence], clips: list[Clip]
) -> Iterator[Finding]:
    wrong = [e for e in items if not _fits_kind(slot, e)]
    for item in wrong:
        yield Finding(
            "evidence.wrong_kind",
            Severity.BLOCKING,
            f"'{item.title}' cannot be used for '{slot.title}' (unit '{unit.title}').",
            unit.id,
            slot.id,
            item.id,
        )
    items = [e for e in items if e not in wrong]
    match slot:
        case VideoSlot():
            yield from _check_video(unit, slot, [e for e in items if isinstance(e, Clip)])
        case EssaySlot() | ShortAnswerSlot():
            texts = [e for e in items if isinstance(e, Essay)]
            yield from _check_text(unit, slot, texts)
            yield from _check_moments(unit, slot, texts, clips)
        case ArtifactSlot():
            yield from _check_artifacts(unit, slot, [e for e in items if isinstance(e, Artifact)])
        case AttestationSlot():
            confirmed = any(isinstance(e, Attestation) and e.confirmed for e in items)
            if not confirmed:
                yield Finding(
                    "attestation.unconfirmed",
                    Severity.BLOCKING,
                    f"Confirm '{slot.title}' (unit '{unit.title}'): {slot.statement}",
                    unit.id,
                    slot.id,
                )


def _fits_kind(slot: Slot, item: Evidence) -> bool:
    match slot:
        case VideoSlot():
            return isinstance(item, Clip)
        case EssaySlot() | ShortAnswerSlot():
            return isinstance(item, Essay)
        case ArtifactSlot():
            return isinstance(item, Artifact)
        case AttestationSlot():
            return isinstance(item, Attestation)


def _count_finding(
    unit: Unit, slot: Slot, have: int, low: int, high: int | None, noun: str, prefix: str
) -> Iterator[Finding]:
    where = f"'{slot.title}' (unit '{unit.title}')"
    if have < low:
        yield Finding(
            f"{prefix}.too_few",
            Severity.BLOCKING,
            f"{where} needs at least {plural(low, noun)}; you have {have}.",
            unit.id,
            slot.id,
            data={"count": have, "min": low},
        )
    elif high is not None and have > high:
        yield Finding(
            f"{prefix}.too_many",
            Severity.BLOCKING,
            f"{where} allows at most {plural(high, noun)}; you have {have}.",
            unit.id,
            slot.id,
            data={"count": have, "max": high},
        )


def _check_video(unit: Unit, slot: VideoSlot, clips: list[Clip]) -> Iterator[Finding]:
    yield from _count_finding(
        unit, slot, len(clips), slot.min_clips, slot.max_clips, "clip", "video"
    )
    per_clip_s = None if slot.max_minutes_per_clip is None else slot.max_minutes_per_clip * 60
    for clip in clips:
        if per_clip_s is not None and clip.duration_s > per_clip_s:
            yield Finding(
                "video.clip_too_long",
                Severity.BLOCKING,
                f"Clip '{clip.title}' is {format_duration(clip.duration_s)} long; this unit "
                f"allows at most {format_duration(per_clip_s)} per clip.",
                unit.id,
                slot.id,
                clip.id,
                {"duration_s": clip.duration_s, "max_s": per_clip_s},
            )
        if slot.max_mb_per_file is not None and clip.size_bytes > slot.max_mb_per_file * _MB:
            # Not blocking: the bundle carries a copy re-encoded to fit the cap.
            yield Finding(
                "video.file_too_large",
                Severity.WARNING,
                f"Clip '{clip.title}' is {format_megabytes(clip.size_bytes)}; this unit allows "
                f"at most {slot.max_mb_per_file:g} MB per file, so the copy in the bundle "
                "will be compressed to fit.",
                unit.id,
                slot.id,
                clip.id,
                {"size_bytes": clip.size_bytes, "max_mb": slot.max_mb_per_file},
            )
        if slot.continuous and clip.takes > 1:
            yield _joined_takes(unit, slot, clip)
        if not clip.has_audio:
            yield Finding(
                "video.no_audio",
                Severity.WARNING,
                f"Clip '{clip.title}' has no sound; evaluators usually need to hear the lesson.",
                unit.id,
                slot.id,
                clip.id,
            )
    total = sum(c.duration_s for c in clips)
    if slot.max_total_minutes is not None and total > slot.max_total_minutes * 60:
        yield Finding(
            "video.total_too_long",
            Severity.BLOCKING,
            f"The clips for '{slot.title}' add up to {format_duration(total)}; this unit allows "
            f"at most {format_duration(slot.max_total_minutes * 60)} in all.",
            unit.id,
            slot.id,
            data={"total_s": total, "max_s": slot.max_total_minutes * 60},
        )


_TIMES = {1: "once", 2: "twice"}


def _joined_takes(unit: Unit, slot: VideoSlot, clip: Clip) -> Finding:
    pauses = sum(1 for c in clip.cuts if c.kind is CutKind.PAUSE)
    jumps = [format_duration(c.at_s) for c in clip.cuts if c.kind is CutKind.JUMP]
    reasons = []
    if pauses:
        reasons.append(f"paused {_TIMES.get(pauses, f'{pauses} times')} while recording")
    if jumps:
        reasons.append(f"the video jumps at {', '.join(jumps)}")
    advice = "Record it again without pausing" if pauses else "Use the original, unedited recording"
    return Finding(
        "video.not_continuous",
        Severity.BLOCKING,
        f"Clip '{clip.title}' joins {clip.takes} takes ({'; '.join(reasons)}); "
        f"'{slot.title}' asks for one continuous, unedited take. "
        f"{advice}, or trim it to one take.",
        unit.id,
        slot.id,
        clip.id,
        {"takes": clip.takes, "cuts_s": [c.at_s for c in clip.cuts]},
    )


def _check_text(
    unit: Unit, slot: EssaySlot | ShortAnswerSlot, texts: list[Essay]
) -> Iterator[Finding]:
    if isinstance(slot, EssaySlot):
        prefix, noun = "essay", "reflection" if slot.reflection else "essay"
    else:
        prefix, noun = "answer", "answer"
    written = [t for t in texts if t.text.strip()]
    if not written:
        yield Finding(
            f"{prefix}.missing",
            Severity.BLOCKING,
            f"The {noun} '{slot.title}' (unit '{unit.title}') has not been written yet.",
            unit.id,
            slot.id,
        )
        return
    if len(written) > 1:
        yield Finding(
            f"{prefix}.duplicate",
            Severity.BLOCKING,
            f"The {noun} '{slot.title}' has {len(written)} versions attached; keep one.",
            unit.id,
            slot.id,
        )
    for text in written:
        words = count_words(text.text)
        low = slot.min_words if isinstance(slot, EssaySlot) else 0
        if words < low:
            yield Finding(
                f"{prefix}.too_short",
                Severity.BLOCKING,
                f"The {noun} '{slot.title}' has {plural(words, 'word')}; "
                f"this unit asks for at least {low}.",
                unit.id,
                slot.id,
                text.id,
                {"words": words, "min": low},
            )
        if slot.max_words is not None and words > slot.max_words:
            yield Finding(
                f"{prefix}.too_long",
                Severity.BLOCKING,
                f"The {noun} '{slot.title}' has {plural(words, 'word')}; "
                f"this unit allows at most {slot.max_words}.",
                unit.id,
                slot.id,
                text.id,
                {"words": words, "max": slot.max_words},
            )


def _check_artifacts(unit: Unit, slot: ArtifactSlot, files: list[Artifact]) -> Iterator[Finding]:
    yield from _count_finding(
        unit, slot, len(files), slot.min_count, slot.max_count, "file", "artifact"
    )
    for item in files:
        if not slot.accepts(item.file_name):
            yield Finding(
                "artifact.wrong_type",
                Severity.BLOCKING,
                f"'{item.file_name}' is not a type '{slot.title}' accepts "
                f"({', '.join(slot.accepted_types)}).",
                unit.id,
                slot.id,
                item.id,
                {"accepted": list(slot.accepted_types)},
            )
        if slot.max_mb is not None and item.size_bytes > slot.max_mb * _MB:
            yield Finding(
                "artifact.too_large",
                Severity.BLOCKING,
                f"'{item.file_name}' is {format_megabytes(item.size_bytes)}; '{slot.title}' "
                f"allows at most {slot.max_mb:g} MB per file.",
                unit.id,
                slot.id,
                item.id,
                {"size_bytes": item.size_bytes, "max_mb": slot.max_mb},
            )


def _stray_evidence(evidence: Sequence[Evidence], slot_ids: set[SlotId]) -> Iterator[Finding]:
    for item in evidence:
        if item.slot_id not in slot_ids:
            yield Finding(
                "evidence.unknown_slot",
                Severity.BLOCKING,
                f"'{item.title}' is attached to a requirement ('{item.slot_id}') that this "
                "submission does not have; move it or remove it.",
                slot_id=item.slot_id,
                evidence_id=item.id,
            )


_CONSENT_WORDS = {
    ConsentKind.VIDEO: "video",
    ConsentKind.AUDIO: "audio",
    ConsentKind.WORK_SAMPLES: "work samples",
}


def _check_consent(
    unit: Unit, items: list[Evidence], appearances: Appearances, redactions: Redactions
) -> Iterator[Finding]:
    """Anyone seen or heard in evidence must have consented to that kind of evidence.

    A clip whose faces have been hidden, reviewed and rendered no longer shows
    anyone who did not agree to video (their voice still needs audio consent).
    """
    for item in items:
        status = redactions.get(item.id)
        if status is RedactionStatus.PENDING:
            yield Finding(
                "redaction.unfinished",
                Severity.BLOCKING,
                f"The faces in '{item.title}' are being hidden: finish the review with "
                "'Protect students…' so the protected copy is made.",
                unit.id,
                item.slot_id,
                item.id,
            )
        for student in appearances.get(item.id, ()):
            missing = missing_consent(item, student)
            if status is RedactionStatus.DONE:
                missing = tuple(kind for kind in missing if kind is not ConsentKind.VIDEO)
            if not missing:
                continue
            words = " and ".join(_CONSENT_WORDS[kind] for kind in missing)
            yield Finding(
                "consent.missing",
                Severity.BLOCKING,
                f"'{item.title}' shows {student.name}, who has no consent for {words} on file; "
                "record the consent in the class roster or remove the evidence.",
                unit.id,
                item.slot_id,
                item.id,
                {"student": student.id, "missing": [kind.value for kind in missing]},
            )


def _check_moments(
    unit: Unit, slot: EssaySlot | ShortAnswerSlot, texts: list[Essay], clips: list[Clip]
) -> Iterator[Finding]:
    """Clip moments named in the text must exist: a known clip, before its end."""
    prefix = "essay" if isinstance(slot, EssaySlot) else "answer"
    for text in texts:
        for ref in find_clip_references(text.text, clips):
            moment = text.text[ref.start : ref.end]
            if ref.clip is None:
                yield Finding(
                    f"{prefix}.moment_unknown_clip",
                    Severity.WARNING,
                    f"'{slot.title}' mentions '{moment}' but names no clip of this submission; "
                    "write the clip's title before the time, e.g. 'Lesson 1 @ 03:15'.",
                    unit.id,
                    slot.id,
                    text.id,
                    {"at_s": ref.seconds},
                )
            elif ref.seconds > ref.clip.duration_s:
                yield Finding(
                    f"{prefix}.moment_past_end",
                    Severity.BLOCKING,
                    f"'{slot.title}' refers to '{moment}', but clip '{ref.clip.title}' is only "
                    f"{format_duration(ref.clip.duration_s)} long.",
                    unit.id,
                    slot.id,
                    text.id,
                    {"clip": ref.clip.id, "at_s": ref.seconds, "duration_s": ref.clip.duration_s},
                )

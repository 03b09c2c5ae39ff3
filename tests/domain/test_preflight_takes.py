"""A clip joining several takes blocks a 'continuous/unedited' slot, and only that."""

from __future__ import annotations

from dataclasses import replace

from evidencekit.domain.catalog import Credential, VideoSlot
from evidencekit.domain.preflight import Severity, preflight
from evidencekit.domain.submissions import Clip, Cut, CutKind, Evidence
from tests.domain.test_preflight import clip, complete
from tests.factories import credential


def with_clip(one: Clip) -> list[Evidence]:
    return [one if isinstance(e, Clip) else e for e in complete()]


def not_continuous() -> Credential:
    cred = credential()
    unit = cred.units[0]
    slots = tuple(
        replace(s, continuous=False) if isinstance(s, VideoSlot) else s for s in unit.slots
    )
    return replace(cred, units=(replace(unit, slots=slots), *cred.units[1:]))


PAUSED_TWICE = (Cut(61.0, CutKind.PAUSE), Cut(130.5, CutKind.PAUSE))


def test_paused_recording_blocks_a_continuous_slot_in_plain_words() -> None:
    paused = replace(clip(1), cuts=PAUSED_TWICE)
    [finding] = preflight(credential(), "questioning", with_clip(paused))
    assert finding.code == "video.not_continuous"
    assert finding.severity is Severity.BLOCKING
    assert finding.evidence_id == 1
    assert finding.slot_id == "clip"
    assert finding.message == (
        "Clip 'Lesson 1' joins 3 takes (paused twice while recording); 'Classroom clip' asks "
        "for one continuous, unedited take. Record it again without pausing, or trim it to "
        "one take."
    )
    assert finding.data == {"takes": 3, "cuts_s": [61.0, 130.5]}


def test_a_jump_in_the_files_timeline_is_named_with_its_time() -> None:
    edited = replace(clip(1), cuts=(Cut(75.2, CutKind.JUMP),))
    [finding] = preflight(credential(), "questioning", with_clip(edited))
    assert finding.message == (
        "Clip 'Lesson 1' joins 2 takes (the video jumps at 1:15); 'Classroom clip' asks for "
        "one continuous, unedited take. Use the original, unedited recording, or trim it to "
        "one take."
    )


def test_one_take_passes_a_continuous_slot() -> None:
    assert clip(1).takes == 1
    assert preflight(credential(), "questioning", with_clip(clip(1))) == []


def test_other_slots_accept_clips_of_several_takes() -> None:
    paused = replace(clip(1), cuts=PAUSED_TWICE)
    assert preflight(not_continuous(), "questioning", with_clip(paused)) == []

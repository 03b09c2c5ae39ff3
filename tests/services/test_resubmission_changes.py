"""What attempt N+1 changed, worked out from domain evidence alone (no database rows)."""

from __future__ import annotations

from evidencekit.domain.ids import EvidenceId, SlotId
from evidencekit.domain.submissions import Artifact, Clip, Essay
from evidencekit.services.resubmission import _compare


def _clip(eid: int, slot: str, title: str, sha: str) -> Clip:
    return Clip(EvidenceId(eid), SlotId(slot), title, sha, f"{title}.mp4", 10, 60.0, True)


def _plan(eid: int, slot: str, title: str, sha: str) -> Artifact:
    return Artifact(EvidenceId(eid), SlotId(slot), title, sha, f"{title}.pdf", 10)


def test_files_replaced_added_removed_and_essays_revised() -> None:
    before = [
        _clip(1, "q-clip", "Lesson 1", "a" * 64),
        _plan(2, "q-plan", "Plan", "b" * 64),
        _plan(3, "q-work", "Sample", "c" * 64),
        Essay(EvidenceId(4), SlotId("q-essay"), "Reflection", "I asked and waited."),
    ]
    now = [
        _clip(11, "q-clip", "Lesson 2", "d" * 64),  # another file in the same slot
        _plan(12, "q-plan", "Plan", "b" * 64),  # unchanged, though copied under a new id
        _plan(13, "q-extra", "Seating chart", "e" * 64),
        Essay(EvidenceId(14), SlotId("q-essay"), "Reflection", "I asked, then waited longer."),
    ]
    summary = _compare(1, before, 2, now)
    assert summary.replaced == ["“Lesson 1” with “Lesson 2”"]
    assert summary.added == ["“Seating chart”"]
    assert summary.removed == ["“Sample”"]
    assert [(e.title, e.words_added, e.words_removed) for e in summary.essays] == [
        ("Reflection", 4, 3)
    ]
    assert not summary.empty


def test_nothing_changed_says_so() -> None:
    same = [_clip(1, "q-clip", "Lesson 1", "a" * 64)]
    summary = _compare(1, same, 2, [_clip(7, "q-clip", "Lesson 1", "a" * 64)])
    assert summary.empty
    assert summary.draft_note().endswith("- Nothing has changed yet.")

from __future__ import annotations

from evidencekit.domain.clip_refs import find_clip_references, format_moment, parse_time
from evidencekit.domain.ids import EvidenceId, SlotId
from evidencekit.domain.preflight import Severity, preflight
from evidencekit.domain.submissions import Clip, Essay
from tests.domain.test_preflight import WORDS_60, complete
from tests.factories import credential


def lesson(n: int, seconds: float) -> Clip:
    return Clip(EvidenceId(n), SlotId("clip"), f"Lesson {n}", "0" * 64, "l.mp4", 1, seconds, True)


def test_parse_and_format_times() -> None:
    assert parse_time("03:15") == 195
    assert parse_time("1:02:03") == 3723
    assert format_moment("Lesson 1", 195.7) == "Lesson 1 @ 03:15"
    assert format_moment("Lesson 1", 3723) == "Lesson 1 @ 1:02:03"


def test_references_name_their_clip_longest_title_first() -> None:
    clips = [lesson(1, 600), lesson(10, 600)]
    text = "See Lesson 10 @ 02:00, then Lesson 1 @ 03:15 and Lesson 1@4:05."
    refs = find_clip_references(text, clips)
    assert [(r.clip.id, r.seconds) for r in refs] == [(10, 120), (1, 195), (1, 245)]
    assert text[refs[0].start : refs[0].end] == "Lesson 10 @ 02:00"


def test_a_time_without_a_known_clip_is_reported_as_unknown() -> None:
    [ref] = find_clip_references("At Lesson 7 @ 01:00 they cheered.", [lesson(1, 600)])
    assert ref.clip is None and ref.seconds == 60
    assert find_clip_references("No moments here, not even 10:30 alone.", [lesson(1, 60)]) == []


def essay_with(text: str) -> list:
    essay = Essay(EvidenceId(2), SlotId("reflection"), "After the lesson", WORDS_60 + " " + text)
    return [e for e in complete() if e.slot_id != "reflection"] + [essay]


def test_moment_past_the_clip_end_blocks() -> None:
    # complete() holds clip 1 titled "Lesson 1", 300 s long.
    [finding] = preflight(credential(), "questioning", essay_with("See Lesson 1 @ 05:01."))
    assert finding.code == "essay.moment_past_end"
    assert finding.severity is Severity.BLOCKING
    assert finding.message == (
        "'After the lesson' refers to 'Lesson 1 @ 05:01', but clip 'Lesson 1' is only 5:00 long."
    )
    assert finding.data["at_s"] == 301
    assert preflight(credential(), "questioning", essay_with("See Lesson 1 @ 05:00.")) == []


def test_moment_naming_no_clip_is_a_warning() -> None:
    [finding] = preflight(credential(), "questioning", essay_with("At @ 02:00 it changed."))
    assert (finding.code, finding.severity) == ("essay.moment_unknown_clip", Severity.WARNING)

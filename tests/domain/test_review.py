from __future__ import annotations

import csv
import io

import pytest

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.ids import CriterionId, LevelId, UnitId
from evidencekit.domain.review import (
    Comment,
    Decision,
    Review,
    ReviewerRole,
    ReviewIncomplete,
    Score,
)
from evidencekit.domain.review_export import comments_to_csv, comments_to_vtt, vtt_timestamp
from evidencekit.services.catalogs import starter_catalog

CFU = starter_catalog().get("checking-for-understanding")
Q, RS = UnitId("questioning"), UnitId("response-signals")


def review(role: ReviewerRole = ReviewerRole.EVALUATOR, units=(Q,)) -> Review:
    return Review("ab" * 32, role, "0000 " * 7 + "0000", CFU.id, CFU.version, units)


def scored(levels: dict[str, str], unit: UnitId = Q, base: Review | None = None) -> Review:
    r = base or review(units=(unit,))
    for criterion, level in levels.items():
        r = r.with_score(CFU, Score(unit, CriterionId(criterion), LevelId(level), "why"))
    return r


def test_the_decision_follows_each_units_passing_rule() -> None:
    all_demonstrated = {"q-design": "demonstrated", "q-wait": "demonstrated"}
    assert scored({**all_demonstrated, "q-response": "demonstrated"}).decision(CFU) is (
        Decision.EARNED
    )
    # Every criterion at least "demonstrated": one developing is not yet.
    assert scored({**all_demonstrated, "q-response": "developing"}).decision(CFU) is (
        Decision.NOT_YET
    )
    # Points rule (5): 2 + 2 + 1 passes, 2 + 1 + 1 does not.
    points = {"rs-all": "demonstrated", "rs-hinge": "demonstrated", "rs-action": "developing"}
    assert scored(points, RS).decision(CFU) is Decision.EARNED
    assert scored({**points, "rs-hinge": "developing"}, RS).decision(CFU) is Decision.NOT_YET


def test_overall_is_earned_only_when_every_unit_is() -> None:
    both = review(units=(Q, RS))
    both = scored({"q-design": "demonstrated", "q-wait": "demonstrated",
                   "q-response": "demonstrated"}, Q, both)  # fmt: skip
    both = scored({"rs-all": "not_yet", "rs-hinge": "not_yet", "rs-action": "not_yet"}, RS, both)
    assert both.unit_decisions(CFU) == {Q: Decision.EARNED, RS: Decision.NOT_YET}
    assert both.decision(CFU) is Decision.NOT_YET


def test_a_decision_needs_every_criterion_and_scores_are_checked() -> None:
    partial = scored({"q-design": "demonstrated"})
    with pytest.raises(ReviewIncomplete, match="2 still without a level"):
        partial.decision(CFU)
    assert partial.missing_scores(CFU) == [(Q, "q-wait"), (Q, "q-response")]
    with pytest.raises(EvidenceKitError, match="no criterion"):
        scored({"rs-all": "demonstrated"})
    with pytest.raises(EvidenceKitError, match="no level"):
        scored({"q-design": "excellent"})
    with pytest.raises(EvidenceKitError, match="not for a unit"):
        scored({"rs-all": "demonstrated"}, RS, review(units=(Q,)))
    rescored = scored({"q-design": "developing"}, base=partial)
    assert [s.level for s in rescored.scores] == ["developing"]  # replaced, not added


def test_coaches_comment_but_never_score() -> None:
    coach = review(ReviewerRole.COACH)
    coach = coach.with_comment(Comment("data/video/a.mp4", "question", "Why here?", at_s=3.0))
    assert len(coach.comments) == 1
    with pytest.raises(EvidenceKitError, match="only an evaluator"):
        coach.with_score(CFU, Score(Q, CriterionId("q-design"), LevelId("not_yet")))
    with pytest.raises(EvidenceKitError, match="no decision"):
        coach.decision(CFU)


def test_comments_are_anchored_once_and_kept_in_time_order() -> None:
    r = review()
    for at in (30.0, 5.5, 12.0):
        r = r.with_comment(Comment("data/video/a.mp4", "note", f"at {at}", at_s=at))
    assert [c.at_s for c in r.comments] == [5.5, 12.0, 30.0]
    with pytest.raises(ValueError):
        Comment("data/text/e.md", "note", "both", at_s=1.0, text_range=(0, 3))
    with pytest.raises(ValueError):
        Comment("data/text/e.md", "note", "neither")
    with pytest.raises(ValueError):
        Comment("data/text/e.md", "note", "backwards", text_range=(9, 3))
    with pytest.raises(EvidenceKitError, match="no comment category"):
        r.with_comment(Comment("data/video/a.mp4", "praise", "?", at_s=1.0))


def test_webvtt_is_well_formed_and_escapes_what_would_break_it() -> None:
    comments = [
        Comment("data/video/a.mp4", "strength", "Good <wait> time & calm", at_s=3725.25),
        Comment("data/video/a.mp4", "question", "Two\n\nparagraphs --> here", at_s=1.0),
        Comment("data/text/e.md", "note", "essay only", text_range=(0, 4)),
    ]
    vtt = comments_to_vtt(comments, review().markers, duration_s=3727.0)
    assert vtt.startswith("WEBVTT\n\n1\n00:00:01.000 --> 00:00:05.000\n<v Question>Two\n")
    assert "&lt;wait&gt; time &amp; calm" in vtt
    assert "01:02:05.250 --> 01:02:07.000" in vtt  # clipped at the clip's end
    assert "essay only" not in vtt
    cues = vtt.strip().split("\n\n")[1:]
    assert len(cues) == 2 and all(cue.count("-->") == 1 for cue in cues)
    assert vtt_timestamp(59.9996) == "00:01:00.000"  # rounding carries into the minute


def test_csv_round_trips_and_defuses_spreadsheet_formulas() -> None:
    comments = [
        Comment("data/video/a.mp4", "note", '=HYPERLINK("x")', at_s=2.0, author="Eva"),
        Comment("data/text/e.md", "suggestion", 'He said "wait", twice', text_range=(4, 9)),
    ]
    rows = list(csv.DictReader(io.StringIO(comments_to_csv(comments))))
    assert rows[0]["text"] == '\'=HYPERLINK("x")' and rows[0]["time_s"] == "2.000"
    assert rows[1]["text"] == 'He said "wait", twice'
    assert (rows[1]["range_start"], rows[1]["range_end"]) == ("4", "9")


def test_marker_sets_are_checked_and_named_from_their_labels() -> None:
    from evidencekit.domain.review import marker_set

    made = marker_set([("Talk moves", "#123ABC"), ("Wait time!", "#000000")])
    assert [(m.id, m.label, m.colour) for m in made] == [
        ("talk-moves", "Talk moves", "#123abc"),
        ("wait-time", "Wait time!", "#000000"),
    ]
    for bad, reason in [
        ([], "between 1 and 32"),
        ([("A", "#000000"), ("a", "#111111")], "two categories"),
        ([("  ", "#000000")], "cannot name"),
        ([("Note", "red")], "not a colour"),
        ([("Note", "#12345g")], "not a colour"),
    ]:
        with pytest.raises(EvidenceKitError, match=reason):
            marker_set(bad)
    r = review().with_comment(Comment("data/video/a.mp4", "note", "x", at_s=1.0))
    with pytest.raises(EvidenceKitError, match="still use these categories: note"):
        r.with_markers(made)
    assert r.with_markers((*made, r.markers[3])).markers[-1].id == "note"

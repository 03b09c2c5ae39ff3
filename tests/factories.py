"""Small hand-built catalog objects for tests that must not depend on the starter catalog."""

from __future__ import annotations

from evidencekit.domain.catalog import (
    AllCriteriaAtLeast,
    ArtifactSlot,
    AttestationSlot,
    Credential,
    Criterion,
    EssaySlot,
    Level,
    PassingRule,
    Rubric,
    ShortAnswerSlot,
    Unit,
    VideoSlot,
)
from evidencekit.domain.ids import CredentialId, CriterionId, LevelId, SlotId, UnitId

LEVELS = (
    Level(LevelId("not_yet"), "Not yet", 0),
    Level(LevelId("developing"), "Developing", 1),
    Level(LevelId("demonstrated"), "Demonstrated", 2),
)


def rubric(passing: PassingRule | None = None, criteria: int = 2) -> Rubric:
    return Rubric(
        LEVELS,
        tuple(
            Criterion(CriterionId(f"c{i}"), f"Criterion {i}", {lv.id: lv.label for lv in LEVELS})
            for i in range(1, criteria + 1)
        ),
        passing or AllCriteriaAtLeast(LevelId("demonstrated")),
    )


def credential() -> Credential:
    unit = Unit(
        UnitId("questioning"),
        "Questioning",
        "Plan and ask questions.",
        (
            VideoSlot(
                SlotId("clip"),
                "Classroom clip",
                min_clips=1,
                max_clips=2,
                max_minutes_per_clip=10,
                max_total_minutes=15,
                max_mb_per_file=500,
                continuous=True,
            ),
            EssaySlot(
                SlotId("reflection"), "After the lesson", "What did you learn?", 50, 120, True
            ),
            ShortAnswerSlot(SlotId("wait"), "Wait time", "How long do you wait?", 20),
            ArtifactSlot(SlotId("plan"), "Lesson plan", "", ("pdf", "docx"), 1, 2, 5),
            AttestationSlot(SlotId("consent"), "Consent", "Consent forms are on file."),
        ),
        rubric(),
    )
    other = Unit(
        UnitId("signals"),
        "Response signals",
        "",
        (EssaySlot(SlotId("signals-essay"), "Signals essay", "Describe.", 10),),
        rubric(),
    )
    return Credential(
        CredentialId("cfu"),
        "Checking for Understanding",
        "1.0",
        "Test issuer",
        "Checks understanding.",
        "Questions.",
        "Research.",
        "Resources.",
        (unit, other),
    )

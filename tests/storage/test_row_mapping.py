"""One mapping from stored columns to domain objects, whichever driver read the row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import DeclarativeBase

from evidencekit.domain.submissions import Bookmark, Clip, Cut, CutKind
from evidencekit.storage import row_mapping
from evidencekit.storage.models import AttemptRow, EvidenceRow, StudentRow, SubmissionRow


@pytest.mark.parametrize(
    ("model", "columns"),
    [
        (SubmissionRow, row_mapping.SUBMISSION_COLUMNS),
        (AttemptRow, row_mapping.ATTEMPT_COLUMNS),
        (EvidenceRow, row_mapping.EVIDENCE_COLUMNS),
        (StudentRow, row_mapping.STUDENT_COLUMNS),
    ],
)
def test_every_mapped_name_is_a_column_of_its_table(
    model: type[DeclarativeBase], columns: tuple[str, ...]
) -> None:
    assert set(columns) <= set(model.__table__.columns.keys())


def test_sqlite_text_and_orm_values_make_the_same_clip() -> None:
    """sqlite3 hands back a moment and JSON as text and flags as 0/1; the ORM decodes them."""
    cuts = [{"at_s": 12.0, "kind": "pause"}]
    marks = [{"seconds": 30.5, "label": "Wait time"}]
    common = (7, "clip", "clip", "Lesson", None, "a" * 64, "lesson.mp4", 1000, 312.5)
    from_sqlite = row_mapping.evidence_from(
        (*common, 1, '[{"at_s": 12.0, "kind": "pause"}]', '[{"seconds": 30.5, "label": '
         '"Wait time"}]', None)
    )  # fmt: skip
    from_orm = row_mapping.evidence_from((*common, True, cuts, marks, None))
    assert from_sqlite == from_orm
    assert isinstance(from_orm, Clip) and from_orm.has_audio
    assert from_orm.cuts == (Cut(12.0, CutKind.PAUSE),)
    assert from_orm.bookmarks == (Bookmark(30.5, "Wait time"),)


def test_a_moment_comes_back_in_utc_whether_text_naive_or_aware() -> None:
    expected = datetime(2026, 12, 3, 15, 20, 7, 123456, tzinfo=UTC)
    assert row_mapping.utc_moment("2026-12-03 15:20:07.123456") == expected
    assert row_mapping.utc_moment(datetime(2026, 12, 3, 15, 20, 7, 123456)) == expected
    assert row_mapping.utc_moment(expected) == expected
    attempt = row_mapping.attempt_from((1, 2, 1, "packed", "2026-12-03 15:20:07.123456", None))
    assert attempt.created_at == expected and attempt.sealed_at is None

"""Queries and writes for the class roster and evidence tags, in domain objects."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from evidencekit.domain.consent import ConsentKind, Student
from evidencekit.domain.ids import EvidenceId
from evidencekit.storage.models import EvidenceRow, EvidenceStudent, StudentRow
from evidencekit.storage.row_mapping import STUDENT_COLUMNS, column_values, student_from

_COLUMNS = {
    ConsentKind.VIDEO: "consent_video",
    ConsentKind.AUDIO: "consent_audio",
    ConsentKind.WORK_SAMPLES: "consent_work_samples",
}


def to_student(row: StudentRow) -> Student:
    return student_from(column_values(row, STUDENT_COLUMNS))


def list_students(session: Session) -> list[Student]:
    rows = session.scalars(select(StudentRow).order_by(StudentRow.name, StudentRow.id))
    return [to_student(r) for r in rows]


def student(session: Session, student_id: int) -> Student | None:
    row = session.get(StudentRow, student_id)
    return to_student(row) if row is not None else None


def find_by_name(session: Session, name: str) -> Student | None:
    row = session.scalars(select(StudentRow).where(StudentRow.name == name)).first()
    return to_student(row) if row is not None else None


def form_sha256(session: Session, student_id: int) -> str | None:
    """The stored scan of the student's consent form, if one is attached."""
    row = session.get(StudentRow, student_id)
    return row.form_sha256 if row is not None else None


def add_student(
    session: Session, name: str, video: bool, audio: bool, work_samples: bool
) -> Student:
    row = StudentRow(
        name=name, consent_video=video, consent_audio=audio, consent_work_samples=work_samples
    )
    session.add(row)
    session.flush()
    return to_student(row)


def _changed(session: Session, student_id: int, **columns: object) -> Student | None:
    """The student after setting ``columns``; None if there is no such student."""
    row = session.get(StudentRow, student_id)
    if row is None:
        return None
    for name, value in columns.items():
        setattr(row, name, value)
    session.flush()
    return to_student(row)


def rename(session: Session, student_id: int, name: str) -> Student | None:
    return _changed(session, student_id, name=name)


def set_consent(
    session: Session, student_id: int, kind: ConsentKind, granted: bool
) -> Student | None:
    return _changed(session, student_id, **{_COLUMNS[kind]: granted})


def set_form(
    session: Session, student_id: int, sha256: str | None, file_name: str | None
) -> Student | None:
    return _changed(session, student_id, form_sha256=sha256, form_file_name=file_name)


def remove(session: Session, student_id: int) -> bool:
    """Remove the student (their tags on evidence go too); False if there was none."""
    row = session.get(StudentRow, student_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def set_tags(session: Session, evidence_id: int, student_ids: Iterable[int]) -> None:
    session.execute(delete(EvidenceStudent).where(EvidenceStudent.evidence_id == evidence_id))
    session.add_all(
        EvidenceStudent(evidence_id=evidence_id, student_id=s) for s in sorted(set(student_ids))
    )
    session.flush()


def appearances_in_attempt(session: Session, attempt_id: int) -> dict[EvidenceId, list[Student]]:
    """The students tagged on each piece of evidence of one attempt, in one query."""
    rows = session.execute(
        select(EvidenceStudent.evidence_id, StudentRow)
        .join(StudentRow, StudentRow.id == EvidenceStudent.student_id)
        .join(EvidenceRow, EvidenceRow.id == EvidenceStudent.evidence_id)
        .where(EvidenceRow.attempt_id == attempt_id)
        .order_by(EvidenceStudent.evidence_id, StudentRow.name)
    )
    found: dict[EvidenceId, list[Student]] = {}
    for evidence_id, row in rows:
        found.setdefault(EvidenceId(evidence_id), []).append(to_student(row))
    return found

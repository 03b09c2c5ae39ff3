"""Queries and writes for the class roster and evidence tags, in domain objects."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from evidencekit.domain.consent import ConsentKind, Student
from evidencekit.domain.ids import EvidenceId, StudentId
from evidencekit.storage.models import EvidenceRow, EvidenceStudent, StudentRow

_COLUMNS = {
    ConsentKind.VIDEO: "consent_video",
    ConsentKind.AUDIO: "consent_audio",
    ConsentKind.WORK_SAMPLES: "consent_work_samples",
}


def to_student(row: StudentRow) -> Student:
    return Student(
        StudentId(row.id),
        row.name,
        bool(row.consent_video),
        bool(row.consent_audio),
        bool(row.consent_work_samples),
        row.form_file_name,
    )


def list_students(session: Session) -> list[Student]:
    rows = session.scalars(select(StudentRow).order_by(StudentRow.name, StudentRow.id))
    return [to_student(r) for r in rows]


def student_row(session: Session, student_id: int) -> StudentRow | None:
    return session.get(StudentRow, student_id)


def find_by_name(session: Session, name: str) -> StudentRow | None:
    return session.scalars(select(StudentRow).where(StudentRow.name == name)).first()


def add_student(
    session: Session, name: str, video: bool, audio: bool, work_samples: bool
) -> Student:
    row = StudentRow(
        name=name, consent_video=video, consent_audio=audio, consent_work_samples=work_samples
    )
    session.add(row)
    session.flush()
    return to_student(row)


def set_consent(row: StudentRow, kind: ConsentKind, granted: bool) -> None:
    setattr(row, _COLUMNS[kind], granted)


def set_form(row: StudentRow, sha256: str | None, file_name: str | None) -> None:
    row.form_sha256 = sha256
    row.form_file_name = file_name


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

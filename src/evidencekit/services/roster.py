"""The class roster: students, their consent, scanned forms, and who appears where.

Names and forms stay in the workspace; only ``consent_summary`` (counts) may
travel in a bundle.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from evidencekit.domain.consent import ConsentKind, Student, consent_counts
from evidencekit.domain.errors import EvidenceKitError, NotFound
from evidencekit.domain.submissions import Artifact, Clip
from evidencekit.domain.tasks import Reporter
from evidencekit.services.submissions import EDITABLE, load_attempt
from evidencekit.storage import repository, roster
from evidencekit.storage.workspace import Workspace

FORM_TYPES = ("pdf", "png", "jpg", "jpeg", "tif", "tiff", "heic")
MAX_NAME = 100


class DuplicateStudent(EvidenceKitError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"There is already a student called {name!r}; add an initial or use a pseudonym."
        )


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise EvidenceKitError("A student needs a first name or a pseudonym.")
    if len(name) > MAX_NAME:
        raise EvidenceKitError(f"Keep names under {MAX_NAME} characters; a first name is enough.")
    return name


def list_students(workspace: Workspace) -> list[Student]:
    with workspace.unit_of_work() as session:
        return roster.list_students(session)


def add_student(
    workspace: Workspace,
    name: str,
    video: bool = False,
    audio: bool = False,
    work_samples: bool = False,
) -> Student:
    name = _clean_name(name)
    with workspace.unit_of_work() as session:
        if roster.find_by_name(session, name) is not None:
            raise DuplicateStudent(name)
        return roster.add_student(session, name, video, audio, work_samples)


def _missing(student_id: int) -> NotFound:
    return NotFound("student", str(student_id), "They may have been removed from the roster.")


def _found(student: Student | None, student_id: int) -> Student:
    if student is None:
        raise _missing(student_id)
    return student


def rename_student(workspace: Workspace, student_id: int, name: str) -> Student:
    name = _clean_name(name)
    with workspace.unit_of_work() as session:
        other = roster.find_by_name(session, name)
        if other is not None and other.id != student_id:
            raise DuplicateStudent(name)
        return _found(roster.rename(session, student_id, name), student_id)


def set_consent(workspace: Workspace, student_id: int, kind: ConsentKind, granted: bool) -> Student:
    with workspace.unit_of_work() as session:
        return _found(roster.set_consent(session, student_id, kind, granted), student_id)


def remove_student(workspace: Workspace, student_id: int) -> None:
    """Remove a student; their tags on evidence go with them."""
    with workspace.unit_of_work() as session:
        if not roster.remove(session, student_id):
            raise _missing(student_id)


def attach_form(
    workspace: Workspace, student_id: int, path: Path, reporter: Reporter | None = None
) -> Student:
    """Keep a scanned consent form in the workspace's media store."""
    if path.suffix.lower().lstrip(".") not in FORM_TYPES:
        raise EvidenceKitError(
            f"{path.name}: a consent form should be a scan or PDF ({', '.join(FORM_TYPES)})."
        )
    with workspace.unit_of_work() as session:
        _found(roster.student(session, student_id), student_id)
    stored = workspace.media.add_file(path, reporter)
    try:
        with workspace.unit_of_work() as session:
            _found(roster.student(session, student_id), student_id)
            repository.ensure_media_blob(session, stored.sha256, stored.size_bytes)
            changed = roster.set_form(session, student_id, stored.sha256, path.name)
            return _found(changed, student_id)
    except BaseException:
        if stored.newly_added:
            workspace.media.remove(stored.sha256)
        raise


def form_path(workspace: Workspace, student_id: int) -> Path | None:
    with workspace.unit_of_work() as session:
        _found(roster.student(session, student_id), student_id)
        sha = roster.form_sha256(session, student_id)
    return workspace.media.path_for(sha) if sha else None


def tag_evidence(
    workspace: Workspace, submission_id: int, evidence_id: int, student_ids: Iterable[int]
) -> None:
    """Say who can be seen or heard in a clip, or whose work a sample shows."""
    ids = set(student_ids)
    with workspace.unit_of_work() as session:
        _submission, attempt = load_attempt(session, submission_id)
        if attempt.status not in EDITABLE:
            raise EvidenceKitError(
                f"Attempt {attempt.number} is {attempt.status}; it cannot change."
            )
        item = repository.evidence_item(session, attempt.id, evidence_id)
        if item is None:
            raise NotFound("evidence item", str(evidence_id), "in this submission")
        if not isinstance(item, Clip | Artifact):
            raise EvidenceKitError(f"'{item.title}' is text; only clips and files show students.")
        for student_id in ids:
            _found(roster.student(session, student_id), student_id)
        roster.set_tags(session, evidence_id, ids)


def consent_summary(workspace: Workspace) -> dict[str, int]:
    """How many students consented to what: numbers only, safe to put in a bundle."""
    return consent_counts(list_students(workspace))

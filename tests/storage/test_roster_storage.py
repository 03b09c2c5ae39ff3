"""Roster tables on both databases: students, consent, tags, and what cascades."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from evidencekit.domain.consent import ConsentKind
from evidencekit.storage import repository, roster
from evidencekit.storage.models import StudentRow
from evidencekit.storage.workspace import Workspace

SHA = "a" * 64


def _clip(session, attempt_id: int):
    repository.ensure_media_blob(session, SHA, 10)
    return repository.add_evidence(
        session,
        attempt_id,
        slot_id="clip",
        kind="clip",
        title="Lesson 1",
        media_sha256=SHA,
        file_name="l.mp4",
        size_bytes=10,
        duration_s=60.0,
        has_audio=True,
    )


def test_students_tags_and_appearances(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        _, attempt = repository.create_submission(session, "c", "1.0", None, "T")
        clip = _clip(session, attempt.id)
        ana = roster.add_student(session, "Ana", False, False, True)
        ben = roster.add_student(session, "Ben", True, True, True)
        roster.set_tags(session, clip.id, [ben.id, ana.id, ana.id])
    with any_workspace.unit_of_work() as session:
        found = roster.appearances_in_attempt(session, attempt.id)
        assert [s.name for s in found[clip.id]] == ["Ana", "Ben"]
        changed = roster.set_consent(session, ana.id, ConsentKind.VIDEO, True)
        assert changed is not None and changed.video
        assert roster.set_consent(session, ana.id + ben.id, ConsentKind.VIDEO, True) is None
        roster.set_tags(session, clip.id, [ben.id])
    with any_workspace.unit_of_work() as session:
        assert [s.name for s in roster.appearances_in_attempt(session, attempt.id)[clip.id]] == [
            "Ben"
        ]
        [a, _b] = roster.list_students(session)
        assert (a.name, a.video, a.audio, a.work_samples) == ("Ana", True, False, True)


def test_removing_a_student_or_evidence_removes_tags(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        _, attempt = repository.create_submission(session, "c", "1.0", None, "T")
        clip = _clip(session, attempt.id)
        ana = roster.add_student(session, "Ana", True, True, True)
        ben = roster.add_student(session, "Ben", True, True, True)
        roster.set_tags(session, clip.id, [ana.id, ben.id])
    with any_workspace.unit_of_work() as session:
        assert roster.remove(session, ana.id)
        assert not roster.remove(session, ana.id)
    with any_workspace.unit_of_work() as session:
        assert [s.name for s in roster.appearances_in_attempt(session, attempt.id)[clip.id]] == [
            "Ben"
        ]
        assert repository.delete_evidence(session, attempt.id, clip.id)
    with any_workspace.unit_of_work() as session:
        assert roster.appearances_in_attempt(session, attempt.id) == {}
        assert [s.name for s in roster.list_students(session)] == ["Ben"]


def test_names_are_unique_and_forms_must_be_stored(any_workspace: Workspace) -> None:
    with any_workspace.unit_of_work() as session:
        roster.add_student(session, "Ana", False, False, False)
    with pytest.raises(IntegrityError), any_workspace.unit_of_work() as session:
        roster.add_student(session, "Ana", True, True, True)
    with pytest.raises(IntegrityError), any_workspace.unit_of_work() as session:
        session.add(StudentRow(name="Cy", form_sha256="b" * 64, form_file_name="x.pdf"))


def test_autosave_coalesces_revisions(any_workspace: Workspace) -> None:
    window = timedelta(minutes=5)
    with any_workspace.unit_of_work() as session:
        _, attempt = repository.create_submission(session, "c", "1.0", None, "T")
        repository.save_text(session, attempt.id, "essay", "Essay", "one", window)
        repository.save_text(session, attempt.id, "essay", "Essay", "one two", window)
        item = repository.save_text(session, attempt.id, "essay", "Essay", "one two three", window)
        history = repository.revisions_of(session, item.id)
        assert [words for _, _, words in history] == [3]
        repository.save_text(session, attempt.id, "essay", "Essay", "a checkpoint")
        history = repository.revisions_of(session, item.id)
        assert [words for _, _, words in history] == [3, 2]
        assert repository.revision_text(session, item.id, history[0][0]) == "one two three"
        assert repository.revision_text(session, item.id + 1, history[0][0]) is None

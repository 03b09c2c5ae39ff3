"""Length limits hold the same on SQLite and PostgreSQL: checked before the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.domain.errors import TooLong
from evidencekit.services import evidence, submissions
from evidencekit.storage.workspace import Workspace


def test_a_long_title_is_refused_in_one_sentence(any_workspace: Workspace) -> None:
    with pytest.raises(TooLong, match="201 characters long; at most 200") as info:
        submissions.create_submission(any_workspace, "data-literacy", None, "t" * 201)
    assert "\n" not in info.value.message
    assert submissions.list_submissions(any_workspace) == []
    made = submissions.create_submission(any_workspace, "data-literacy", None, "t" * 200)
    assert made.submission.title == "t" * 200


def test_a_file_name_with_escape_sequences_is_stored_without_them(
    any_workspace: Workspace, tmp_path: Path
) -> None:
    made = submissions.create_submission(any_workspace, "data-literacy", None, "T")
    named = tmp_path / "\x1b[2Jplan\x07.pdf"  # clear-screen and bell in a file name
    named.write_bytes(b"%PDF-1.4\n%%EOF\n")
    [added] = evidence.add_evidence_files(
        any_workspace, made.submission.id, "ce-instrument", [named]
    )
    assert added.title == "[2Jplan"
    assert "\x1b" not in added.file_name and "\x07" not in added.file_name

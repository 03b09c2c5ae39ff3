"""Journeys: three people, each with their own home, driving the real windows offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from tests.journeys.driving import FileDialogAnswers, Person


@pytest.fixture(autouse=True)
def _key_files_only() -> Iterator[None]:
    """A school laptop without a password store: each person keeps a key file."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def people(tmp_path: Path) -> dict[str, Person]:
    found = {}
    for name in ("teacher", "evaluator", "coach"):
        person = Person(name, tmp_path / name)
        person.documents.mkdir(parents=True)
        found[name] = person
    return found


@pytest.fixture
def file_dialogs(qapp) -> Iterator[FileDialogAnswers]:
    answers = FileDialogAnswers()
    yield answers
    answers.stop()

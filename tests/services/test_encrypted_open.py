"""Checking an encrypted bundle decrypts into an unnamed private file: the verdict is the
plain bundle's, and nothing plain is left anywhere, not even in the temp folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from evidencekit.bundle.encryption import age_files as age
from evidencekit.bundle.packer import pack_bundle
from evidencekit.domain.tasks import Reporter
from evidencekit.services.bundles import check_bundle
from tests.bundle.pack_fixtures import TEACHER, submission_spec


@pytest.fixture
def systemp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_an_encrypted_bundle_is_checked_without_a_plain_copy(tmp_path: Path, systemp: Path) -> None:
    plain = pack_bundle(submission_spec(tmp_path), tmp_path / "spring.evkit", TEACHER)
    locked = age.encrypt_bundle(plain.path, [age.age_recipient_for(TEACHER)])
    seen: list[list[Path]] = []
    verdict = check_bundle(
        locked, TEACHER, Reporter.to(lambda _e: seen.append([*systemp.iterdir()]))
    )
    assert verdict.ok, verdict.problems
    assert verdict.source == str(locked) and verdict.sha256 == plain.bundle_sha256
    assert seen and all(found == [] for found in seen)  # unnamed: never visible in a folder
    assert list(systemp.iterdir()) == []


def test_a_refused_encrypted_bundle_is_named_by_its_own_file(tmp_path: Path, systemp: Path) -> None:
    not_a_zip = tmp_path / "notes.evkit"
    not_a_zip.write_bytes(b"just some notes, no zip at all")
    locked = age.encrypt_bundle(not_a_zip, [age.age_recipient_for(TEACHER)])
    verdict = check_bundle(locked, TEACHER)
    assert [entry for entry, _ in verdict.problems] == [locked.name]
    assert list(systemp.iterdir()) == []

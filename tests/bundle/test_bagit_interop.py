"""An unzipped bundle is a BagIt bag to a tool nobody here wrote: the Library of
Congress's bagit-python, which also checks RFC 8493's single base folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

import bagit
import pytest

from evidencekit.bundle.packer import pack_bundle
from tests.bundle.pack_fixtures import TEACHER, submission_spec


def test_bagit_python_validates_an_unzipped_bundle(tmp_path: Path) -> None:
    bundle = pack_bundle(submission_spec(tmp_path), tmp_path / "spring.evkit", TEACHER).path
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(unpacked)
    # Unzipping gives one folder, named after the bundle, holding the bag (RFC 8493 s. 4).
    assert [p.name for p in unpacked.iterdir()] == ["spring"]
    bag = bagit.Bag(str(unpacked / "spring"))
    bag.validate()  # raises BagValidationError on any problem; fast=False hashes every file
    assert bag.version_info == (1, 0)
    assert set(bag.payload_files()) == {p.path for p in submission_spec(tmp_path).payload}


def test_bagit_python_notices_a_changed_file(tmp_path: Path) -> None:
    """The interop check can fail: the same tool refuses the bag once a byte changes."""
    bundle = pack_bundle(submission_spec(tmp_path), tmp_path / "spring.evkit", TEACHER).path
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(unpacked)
    essay = unpacked / "spring" / "data" / "text" / "q-reflection.md"
    essay.write_bytes(essay.read_bytes().replace(b"five", b"nine"))
    bag = bagit.Bag(str(unpacked / "spring"))
    with pytest.raises(bagit.BagValidationError) as refused:
        bag.validate()
    assert [d.path for d in refused.value.details] == ["data/text/q-reflection.md"]

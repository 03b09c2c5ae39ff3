"""The review window opens evidence only through the verified manifest: a path that only
the metadata names, a special file, or an outsized text is never read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services.review_sessions import OpenReview


def session(folder: Path, payload: set[str]) -> OpenReview:
    # Only the folder and the verified payload matter to opening files.
    return OpenReview(1, folder, "b.evkit", {}, None, None, frozenset(payload))  # type: ignore[arg-type]


def test_only_manifest_entries_are_opened(tmp_path: Path) -> None:
    (tmp_path / "data" / "text").mkdir(parents=True)
    (tmp_path / "data" / "text" / "essay.md").write_text("Wait time works.")
    opened = session(tmp_path, {"data/text/essay.md"})
    assert opened.read_text("data/text/essay.md") == "Wait time works."
    for path in ("data/../../../../etc/passwd", "/etc/passwd", "data/text/other.md", "bagit.txt"):
        with pytest.raises(EvidenceKitError, match="not a file of the verified bundle"):
            opened.file(path)


def test_special_and_outsized_files_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    os.mkfifo(tmp_path / "data" / "pipe.md")
    (tmp_path / "data" / "big.md").write_bytes(b"x" * 2000)
    (tmp_path / "data" / "link.md").symlink_to("/dev/zero")
    opened = session(tmp_path, {"data/pipe.md", "data/big.md", "data/link.md"})
    with pytest.raises(EvidenceKitError, match="not a text file"):
        opened.read_text("data/pipe.md")
    with pytest.raises(EvidenceKitError, match="not a text file"):
        opened.read_text("data/big.md", max_bytes=1000)
    with pytest.raises(EvidenceKitError, match="cannot be read"):
        opened.read_text("data/link.md")

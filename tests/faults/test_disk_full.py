"""A full disk: reading keeps working, every change is refused in one sentence, nothing
half-written stays behind, and the work is all there once space is freed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from evidencekit.storage.workspace import DB_FILE
from tests.faults.conftest import assert_one_sentence, fill, run_cli, tree
from tests.storage.old_workspace import workspace_with_one_clip_at

# Seconds each (processes, browsers, servers): out of the fast lane, `-m "not slow"`.
pytestmark = pytest.mark.slow

DISK_FULL = "the disk is full"


def _pdf(folder: Path) -> Path:
    pdf = folder / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"x" * 200_000 + b"\n%%EOF\n")
    return pdf


def test_full_disk_reads_and_refuses_every_change_in_one_sentence(
    small_disk: Path, tmp_path: Path
) -> None:
    ws = small_disk / "ws"
    assert run_cli(ws, "demo").code == 0
    before = run_cli(ws, "submission", "show", "1", "--json").out
    files_before = tree(ws)
    filler = fill(small_disk)

    listed = run_cli(ws, "submission", "list")
    assert listed.code == 0, listed.err
    assert "Demo" in listed.out
    assert "damaged" not in listed.err and "not a SQLite" not in listed.err

    key = tmp_path / "id.key"
    assert run_cli(tmp_path / "keys-ws", "keys", "create", "--key-file", key).code == 0
    shown = run_cli(tmp_path / "keys-ws", "keys", "show", "--key-file", key, "--json")
    recipient = json.loads(shown.out)["age_recipient"]
    attempts = [
        ("answer", "set", "--submission", "1", "--slot", "q-wait-time", "--text", "new words"),
        ("evidence", "add", "--submission", "1", "--slot", "q-question-plan", _pdf(tmp_path)),
        ("submission", "create", "--credential", "data-literacy", "--title", "Another one"),
        ("pack", "--submission", "1", "--key-file", key, "-o", small_disk / "b.evkit"),
        ("pack", "--submission", "1", "--key-file", key, "--encrypt-to", recipient,
         "-o", small_disk / "b.evkit.age"),
    ]  # fmt: skip
    for command in attempts:
        assert_one_sentence(run_cli(ws, *command), DISK_FULL, "nothing was changed")

    filler.unlink()
    assert run_cli(ws, "submission", "show", "1", "--json").out == before  # nothing lost
    assert tree(ws) == files_before  # nothing half-written left behind
    assert not (small_disk / "b.evkit").exists()
    assert [p.name for p in small_disk.iterdir()] == ["ws"]


def test_full_disk_during_the_upgrade_backup_leaves_no_partial_backup(small_disk: Path) -> None:
    ws = workspace_with_one_clip_at(small_disk / "ws", "0009")
    filler = fill(small_disk)
    outcome = run_cli(ws, "submission", "list")
    assert_one_sentence(outcome, "backup could not be made", DISK_FULL)
    filler.unlink()
    assert list((ws / "backups").iterdir()) == [] if (ws / "backups").exists() else True
    db = sqlite3.connect(ws / DB_FILE)
    assert db.execute("SELECT version_num FROM alembic_version").fetchone() == ("0009",)
    db.close()
    # With space again the upgrade goes ahead, backup first.
    assert run_cli(ws, "submission", "list").code == 0
    assert len(list((ws / "backups").iterdir())) == 1

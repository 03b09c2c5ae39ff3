"""Damaged databases and folders that may not be written: one sentence, nothing touched."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from evidencekit.storage.workspace import DB_FILE
from tests.faults.conftest import Outcome, assert_one_sentence, cli_command, cli_env, run_cli


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_workspace(tmp_path: Path) -> Path:
    """A workspace with one submission, closed (no -wal beside it)."""
    ws = tmp_path / "ws"
    assert (
        run_cli(ws, "submission", "create", "--credential", "data-literacy", "--title", "Mine").code
        == 0
    )
    (ws / "backups").mkdir()
    shutil.copy(ws / DB_FILE, ws / "backups" / "workspace-schema0010-20261201T000000Z.sqlite3")
    return ws


def test_a_zero_byte_database_is_refused_naming_the_backup(closed_workspace: Path) -> None:
    (closed_workspace / DB_FILE).write_bytes(b"")
    outcome = run_cli(closed_workspace, "submission", "list")
    assert_one_sentence(outcome, "damaged", "workspace-schema0010-20261201T000000Z.sqlite3")
    assert (closed_workspace / DB_FILE).stat().st_size == 0


def test_malformed_pages_are_called_damaged_and_left_as_they_are(closed_workspace: Path) -> None:
    db = closed_workspace / DB_FILE
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(page, len(data), page):  # every page but the header page
        data[start : start + page] = b"\xa5" * page
    db.write_bytes(bytes(data))
    before = _digest(db)
    outcome = run_cli(closed_workspace, "submission", "list")
    assert_one_sentence(outcome, "damaged", "restore one of the backups")
    assert _digest(db) == before


def test_a_missing_table_is_called_damaged(closed_workspace: Path) -> None:
    conn = sqlite3.connect(closed_workspace / DB_FILE)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DROP TABLE attempts")
    conn.commit()
    conn.close()
    outcome = run_cli(closed_workspace, "submission", "list")
    assert_one_sentence(outcome, "damaged")


def _in_read_only_mount(folder: Path, command: list[str]) -> Outcome:
    """Run ``command`` with ``folder`` read-only (a bind mount in a private namespace)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to make a read-only mount (CI runs as root)")
    remount = (
        f'mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} {folder} && exec "$@"'
    )
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", remount, "sh", *command],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=120,
        check=False,
    )
    if "unshare" in done.stderr and done.returncode != 2:
        pytest.skip(f"cannot make a private mount here: {done.stderr.strip()}")
    return Outcome(done.returncode, done.stdout, done.stderr)


def test_a_read_only_media_folder_refuses_a_file_in_one_sentence(
    closed_workspace: Path, tmp_path: Path
) -> None:
    artifact = tmp_path / "plan.pdf"
    artifact.write_bytes(b"%PDF-1.4\n%%EOF\n")
    slot = "ce-instrument"
    command = cli_command(
        closed_workspace, "evidence", "add", "--submission", "1", "--slot", slot, artifact
    )
    before = _digest(closed_workspace / DB_FILE)
    outcome = _in_read_only_mount(closed_workspace / "media", command)
    assert_one_sentence(outcome, "read-only", "nothing was changed")
    assert _digest(closed_workspace / DB_FILE) == before


def test_a_read_only_workspace_folder_is_one_sentence(closed_workspace: Path) -> None:
    command = cli_command(closed_workspace, "submission", "list")
    outcome = _in_read_only_mount(closed_workspace, command)
    assert_one_sentence(outcome, "cannot be written")


def test_an_unreadable_key_file_is_one_sentence(closed_workspace: Path, tmp_path: Path) -> None:
    key_folder = tmp_path / "key.age"
    key_folder.mkdir()  # a folder where the key file should be: unreadable as a file
    outcome = run_cli(
        closed_workspace,
        "pack",
        "--submission",
        "1",
        "--key-file",
        key_folder,
        "-o",
        tmp_path / "b.evkit",
    )
    assert outcome.code == 2, outcome.err
    assert len(outcome.err.strip().splitlines()) == 1 and "Traceback" not in outcome.err
    assert not (tmp_path / "b.evkit").exists()

"""The CLI refuses unusable workspaces with one sentence and changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import Run


def test_foreign_database_file(run: Run, ws_path: Path) -> None:
    ws_path.mkdir()
    db = ws_path / "workspace.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = run("submission", "list")
    assert result.code == 2
    assert "database of another program" in result.err
    assert db.read_bytes() == before
    assert sorted(p.name for p in ws_path.iterdir()) == ["workspace.sqlite3"]


def test_unreadable_database_file(run: Run, ws_path: Path) -> None:
    ws_path.mkdir()
    (ws_path / "workspace.sqlite3").write_text("not a database at all" * 100)
    result = run("catalog", "list")
    assert result.code == 2
    assert "not an EvidenceKit database" in result.err

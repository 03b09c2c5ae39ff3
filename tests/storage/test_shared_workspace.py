"""One workspace opened by several processes (here: several independent opens)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from evidencekit.domain.errors import EvidenceRejected, WorkspaceError
from evidencekit.storage import repository, schema_version
from evidencekit.storage.models import EssayRevision, EvidenceRow
from evidencekit.storage.workspace import APPLICATION_ID, DB_FILE, open_workspace
from tests.storage.old_workspace import workspace_with_one_clip_at


def test_opening_never_deletes_the_wal_files_another_process_uses(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    first = open_workspace(folder)
    with first.unit_of_work() as session:
        repository.create_submission(session, "c", "1", None, "Kept")
    wal = folder / (DB_FILE + "-wal")
    holder = first.engine.connect()  # keeps the -wal and -shm in use
    holder.exec_driver_sql("SELECT 1")
    assert wal.exists()
    open_workspace(folder).close()
    assert wal.exists() and (folder / (DB_FILE + "-shm")).exists()
    with first.unit_of_work() as session:
        titles = [s.title for s, _attempts in repository.list_submissions(session)]
    assert titles == ["Kept"]
    holder.close()
    first.close()


def test_a_new_database_appears_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    open_workspace(folder).close()
    names = {p.name for p in folder.iterdir()}
    assert DB_FILE in names
    assert not [n for n in names if n.startswith(".new-")]
    conn = sqlite3.connect(folder / DB_FILE)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_zero_byte_database_is_refused_as_damaged_naming_the_backups(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "backups").mkdir()
    (folder / "backups" / "workspace-schema0009-20261201T000000Z.sqlite3").write_bytes(b"x")
    (folder / DB_FILE).write_bytes(b"")
    with pytest.raises(WorkspaceError, match="damaged") as info:
        open_workspace(folder)
    assert "workspace-schema0009-20261201T000000Z.sqlite3" in info.value.message
    assert (folder / DB_FILE).stat().st_size == 0


def test_concurrent_saves_of_one_empty_slot_make_one_essay(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    with open_workspace(folder) as ws, ws.unit_of_work() as session:
        _submission, attempt = repository.create_submission(session, "c", "1", None, "T")
    opened = [open_workspace(folder) for _ in range(4)]  # as four processes would
    barrier = threading.Barrier(len(opened))

    def save(index: int) -> None:
        ws = opened[index]
        barrier.wait()
        with ws.unit_of_work() as session:
            repository.save_text(session, attempt.id, "essay", "Essay", f"text {index}")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(opened))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with opened[0].unit_of_work() as session:
        rows = session.scalar(select(func.count()).select_from(EvidenceRow))
        revisions = session.scalar(select(func.count()).select_from(EssayRevision))
    for ws in opened:
        ws.close()
    assert rows == 1
    assert revisions == len(opened)  # every acknowledged save is in the history


def test_the_same_file_twice_in_a_slot_is_refused_by_the_database(tmp_path: Path) -> None:
    with open_workspace(tmp_path / "ws") as ws:
        with ws.unit_of_work() as session:
            _submission, attempt = repository.create_submission(session, "c", "1", None, "T")
            repository.ensure_media_blob(session, "b" * 64, 3)
            fields = {"slot_id": "s", "kind": "artifact", "title": "a", "media_sha256": "b" * 64}
            repository.add_evidence(session, attempt.id, file_name="a.pdf", **fields)
        with pytest.raises(EvidenceRejected, match="already attached"), ws.unit_of_work() as s:
            repository.add_evidence(s, attempt.id, file_name="a.pdf", **fields)


def test_upgrade_merges_duplicate_essays_keeping_every_revision(tmp_path: Path) -> None:
    folder = workspace_with_one_clip_at(tmp_path / "ws", "0009")
    conn = sqlite3.connect(folder / DB_FILE)
    for row_id, saved in ((10, "2026-01-01"), (11, "2026-01-03"), (12, "2026-01-02")):
        conn.execute(
            "INSERT INTO evidence (id, attempt_id, slot_id, kind, title, text, created_at,"
            f" updated_at) VALUES ({row_id}, 1, 'q-essay', 'essay', 'E', 'v{row_id}', '{saved}',"
            f" '{saved}')"
        )
        conn.execute(
            "INSERT INTO essay_revisions (evidence_id, text, word_count, saved_at)"
            f" VALUES ({row_id}, 'v{row_id}', 1, '{saved}')"
        )
    conn.execute(  # the clip attached twice
        "INSERT INTO evidence (id, attempt_id, slot_id, kind, title, media_sha256, file_name,"
        " size_bytes, created_at, updated_at) SELECT 13, attempt_id, slot_id, kind, title,"
        " media_sha256, file_name, size_bytes, created_at, updated_at FROM evidence WHERE id = 1"
    )
    conn.commit()
    conn.close()
    with open_workspace(folder) as ws, ws.engine.connect() as c:
        assert schema_version.current_revision(c) == schema_version.HEAD_REVISION
        essays = c.execute(text("SELECT id, text FROM evidence WHERE kind = 'essay'")).all()
        assert [tuple(r) for r in essays] == [(11, "v11")]  # the newest save
        revisions = c.execute(text("SELECT evidence_id, text FROM essay_revisions")).all()
        assert sorted(tuple(r) for r in revisions) == [(11, "v10"), (11, "v11"), (11, "v12")]
        clips = c.execute(text("SELECT id FROM evidence WHERE kind = 'clip'")).scalars().all()
        assert clips == [1]


def test_changes_by_another_process_are_noticed_but_own_writes_are_not(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    gui, cli = open_workspace(folder), open_workspace(folder)
    assert not gui.changed_elsewhere()  # first look sets the baseline
    with gui.unit_of_work() as session:
        repository.create_submission(session, "c", "1", None, "From the window")
    assert not gui.changed_elsewhere()
    with cli.unit_of_work() as session:
        repository.create_submission(session, "c", "1", None, "From the command line")
    assert gui.changed_elsewhere()
    assert not gui.changed_elsewhere()  # once per change
    gui.close()
    cli.close()


def test_opening_an_old_workspace_at_once_migrates_it_once(tmp_path: Path) -> None:
    folder = workspace_with_one_clip_at(tmp_path / "ws", "0009")
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_it() -> None:
        barrier.wait()
        try:
            open_workspace(folder).close()
        except BaseException as error:  # reported below, with the test's failure
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(list((folder / "backups").iterdir())) == 1  # backed up once, before migrating
    with open_workspace(folder) as ws, ws.engine.connect() as c:
        assert schema_version.current_revision(c) == schema_version.HEAD_REVISION
        assert c.execute(text("SELECT count(*) FROM evidence")).scalar() == 1

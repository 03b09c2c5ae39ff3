"""Ten processes on one workspace at the same instant: every acknowledged save is kept,
one slot's essay stays one row, and the same file attached at once is attached once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidencekit.storage.workspace import DB_FILE
from tests.faults.conftest import cli_command, cli_env

# Seconds each (processes, browsers, servers): out of the fast lane, `-m "not slow"`.
pytestmark = pytest.mark.slow

N = 10
SAVES = 3

# Each process, started together with the others, opens the workspace afresh for
# every save (as a CLI command or a window would) and prints what was acknowledged.
_SAVER = """
import sys, time
from pathlib import Path
from evidencekit.services import evidence, submissions
from evidencekit.storage.workspace import open_workspace

folder, go, index, saves = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
while not go.exists():
    time.sleep(0.005)
with open_workspace(folder) as ws:
    made = submissions.create_submission(ws, "data-literacy", None, f"Process {index}")
    mine = made.submission.id
print("submission", mine, flush=True)
for n in range(saves):
    own, shared = f"own {index}.{n}", f"shared {index}.{n}"
    with open_workspace(folder) as ws:
        evidence.set_text(ws, mine, "ce-question", own)
    print("ack", mine, own, flush=True)
    with open_workspace(folder) as ws:
        evidence.set_text(ws, 1, "ce-question", shared)
    print("ack", 1, shared, flush=True)
"""


def _start_together(commands: list[list[str]], go: Path) -> list[subprocess.CompletedProcess]:
    processes = [
        subprocess.Popen(
            c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env()
        )
        for c in commands
    ]
    time.sleep(1.5)  # let every interpreter start, then release them at once
    go.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def _texts(db: Path) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Every saved revision's text per submission, and each slot row's current text."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT a.submission_id, e.id, e.text FROM evidence e"
        " JOIN attempts a ON a.id = e.attempt_id WHERE e.slot_id = 'ce-question'"
    ).fetchall()
    history: dict[int, list[str]] = {}
    for submission, evidence_id, _text in rows:
        history[submission] = [
            r[0]
            for r in conn.execute(
                "SELECT text FROM essay_revisions WHERE evidence_id = ?", (evidence_id,)
            )
        ]
    current = {submission: text for submission, _id, text in rows}
    counts = conn.execute(
        "SELECT a.submission_id, count(*) FROM evidence e"
        " JOIN attempts a ON a.id = e.attempt_id"
        " WHERE e.slot_id = 'ce-question' GROUP BY a.submission_id"
    ).fetchall()
    conn.close()
    assert all(count == 1 for _s, count in counts), counts  # one essay row per slot
    return history, current


def test_ten_processes_opening_a_new_workspace_keep_every_acknowledged_save(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "ws"
    go = tmp_path / "go"
    # Submission 1 exists first (the slot all ten write to); the database is then closed,
    # so the racers open it with no -wal file, as the original report measured.
    first = subprocess.run(
        cli_command(
            folder, "submission", "create", "--credential", "data-literacy", "--title", "Shared"
        ),
        env=cli_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert first.returncode == 0
    assert not (folder / (DB_FILE + "-wal")).exists()
    script = [sys.executable, "-c", _SAVER, str(folder), str(go)]
    results = _start_together([[*script, str(i), str(SAVES)] for i in range(N)], go)

    acknowledged: list[tuple[int, str]] = []
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        for line in result.stdout.splitlines():
            if line.startswith("ack "):
                _ack, submission, text = line.split(" ", 2)
                acknowledged.append((int(submission), text))
    assert len(acknowledged) == N * SAVES * 2
    history, current = _texts(folder / DB_FILE)
    lost = [(s, t) for s, t in acknowledged if t not in history.get(s, [])]
    assert lost == []
    for submission, texts in history.items():
        assert current[submission] == texts[-1]  # the row holds the newest revision
    assert len(history) == N + 1
    assert os.listdir(folder / "media" / ".incoming") == []
    assert not [p for p in folder.iterdir() if p.name.startswith(".new-")]


def test_ten_processes_adding_files_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    subprocess.run(
        cli_command(
            folder, "submission", "create", "--credential", "data-literacy", "--title", "T"
        ),
        env=cli_env(),
        capture_output=True,
        check=True,
    )
    same = tmp_path / "same.pdf"
    same.write_bytes(b"%PDF-1.4\n" + b"s" * 300_000 + b"\n%%EOF\n")
    files = []
    for i in range(N // 2):
        own = tmp_path / f"own-{i}.pdf"
        own.write_bytes(b"%PDF-1.4\n" + bytes([65 + i]) * 300_000 + b"\n%%EOF\n")
        files.append(own)
    go = tmp_path / "go"
    waiting = f'while [ ! -e "{go}" ]; do sleep 0.01; done; exec "$@"'
    add = ("evidence", "add", "--submission", "1", "--slot", "ce-instrument")
    commands = [
        ["sh", "-c", waiting, "sh", *cli_command(folder, *add, same)] for _ in range(N // 2)
    ]
    commands += [["sh", "-c", waiting, "sh", *cli_command(folder, *add, f)] for f in files]
    results = _start_together(commands, go)

    same_results = results[: N // 2]
    own_results = results[N // 2 :]
    assert all(r.returncode == 0 for r in own_results), [r.stderr for r in own_results]
    assert {r.returncode for r in same_results} <= {0, 2}
    assert sum(r.returncode == 0 for r in same_results) >= 1
    for refused in (r for r in same_results if r.returncode == 2):
        assert "already attached" in refused.stderr and len(refused.stderr.splitlines()) == 1
    conn = sqlite3.connect(folder / DB_FILE)
    names = [r[0] for r in conn.execute("SELECT file_name FROM evidence ORDER BY file_name")]
    conn.close()
    assert names == sorted(["same.pdf", *(f.name for f in files)])
    assert os.listdir(folder / "media" / ".incoming") == []
    stored = [
        p for p in (folder / "media").rglob("*") if p.is_file() and ".incoming" not in p.parts
    ]
    assert len(stored) == 1 + len(files)  # nothing stored twice, nothing orphaned


def test_a_pack_survives_other_processes_opening_the_workspace(tmp_path: Path) -> None:
    folder, key, bundle = tmp_path / "ws", tmp_path / "id.key", tmp_path / "out.evkit"
    for setup in (("demo",), ("keys", "create", "--key-file", key)):
        done = subprocess.run(cli_command(folder, *setup), env=cli_env(), capture_output=True)
        assert done.returncode == 0, done.stderr
    pack = subprocess.Popen(
        cli_command(folder, "pack", "--submission", "1", "--key-file", key, "-o", bundle),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    opens = 0
    while pack.poll() is None:  # every open used to empty .incoming, the pack's files too
        listed = subprocess.run(
            cli_command(folder, "submission", "list"), env=cli_env(), capture_output=True
        )
        assert listed.returncode == 0
        opens += 1
    _out, err = pack.communicate()
    assert pack.returncode == 0, err
    assert opens >= 1 and bundle.is_file()
    assert os.listdir(folder / "media" / ".incoming") == []

"""SIGKILL while typing loses at most the last two seconds of text, and never the database."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidencekit.domain.submissions import Essay
from evidencekit.services.submissions import submission_detail
from evidencekit.storage.workspace import DB_FILE, open_workspace

# Seconds each (processes, browsers, servers): out of the fast lane, `-m "not slow"`.
pytestmark = pytest.mark.slow

CHILD = Path(__file__).with_name("type_until_killed.py")
REPO = Path(__file__).resolve().parent.parent.parent
ALLOWED_LOSS_S = 2.0


def type_then_kill(folder: Path, seconds: float) -> tuple[float, list[dict]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO)])
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines: list[dict] = []
    try:
        assert child.stdout is not None
        for raw in child.stdout:
            lines.append(json.loads(raw))
            if lines[-1]["t"] - lines[0]["t"] >= seconds:
                break
        killed_at = time.time()
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()
        lines += [json.loads(line) for line in rest.splitlines() if line.strip()]
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert lines, "the child never typed"
    return killed_at, lines


def saved_words(folder: Path) -> list[str]:
    workspace = open_workspace(folder)
    try:
        detail = submission_detail(workspace, 1)
    finally:
        workspace.close()
    texts = [e.text for e in detail.evidence if isinstance(e, Essay)]
    return texts[0].split() if texts else []


@pytest.mark.slow
@pytest.mark.parametrize("seconds", [3.3, 5.1])
def test_sigkill_while_typing_loses_at_most_two_seconds(tmp_path: Path, seconds: float) -> None:
    folder = tmp_path / "ws"
    killed_at, lines = type_then_kill(folder, seconds)

    db = folder / DB_FILE
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    words = saved_words(folder)
    typed = [f"w{i}" for i in range(lines[-1]["words"])]
    assert words == typed[: len(words)], "saved text must be exactly what was typed, in order"
    safe = [line["words"] for line in lines if line["t"] <= killed_at - ALLOWED_LOSS_S]
    must_have = max(safe, default=0)
    assert must_have > 0, "typing should have run for more than two seconds"
    assert len(words) >= must_have, (
        f"lost more than {ALLOWED_LOSS_S} s of typing: saved {len(words)} words, "
        f"{must_have} were typed by {ALLOWED_LOSS_S} s before the kill"
    )
    assert not list((folder / "media" / ".incoming").iterdir())

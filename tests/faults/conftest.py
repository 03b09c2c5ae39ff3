"""The fault suite: the CLI run as separate processes against a misbehaving machine.

Every test checks the same four things: the exit code, a message of one
sentence (no traceback, no crash log), nothing lost, and nothing left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["EVIDENCEKIT_PASSPHRASE"] = "correct horse battery staple"
    env.update(extra)
    return env


def cli_command(workspace: Path, *args: str | Path) -> list[str]:
    return [sys.executable, "-m", "evidencekit", "--workspace", str(workspace), *map(str, args)]


def run_cli(workspace: Path, *args: str | Path, **env: str) -> Outcome:
    done = subprocess.run(
        cli_command(workspace, *args),
        capture_output=True,
        text=True,
        env=cli_env(**env),
        timeout=120,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def assert_one_sentence(outcome: Outcome, *words: str) -> None:
    """Exit 2 and one line of message naming ``words``; never a traceback or crash log."""
    assert outcome.code == 2, (outcome.code, outcome.out, outcome.err)
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 1, outcome.err
    message = lines[0]
    assert message.startswith("evidencekit: ") and message.endswith("."), message
    assert "Traceback" not in message and "crash" not in message, message
    for word in words:
        assert word in message, message


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB tmpfs mounted for the test (needs root: CI runs as root)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small disk here ({mounted.stderr.strip()}); CI runs as root")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte; deleting the returned file frees it again."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (1 << 16, 1 << 10, 1):
            block = b"\0" * size
            try:
                while True:
                    os.write(fd, block)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def tree(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` with its size (SQLite's own -wal/-shm left out)."""
    return {
        str(p.relative_to(folder)): p.stat().st_size
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }

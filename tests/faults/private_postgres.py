"""A throwaway PostgreSQL server of the test's own, so restarting it disturbs nobody else.

Made with the installed server's ``initdb`` and ``pg_ctl``, run as the ``postgres``
user (the server refuses to run as root), on a free port, in a temporary folder.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class PrivateServer:
    folder: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *args: str) -> None:
        _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-w", *args])

    def restart(self) -> None:
        self.ctl("restart", "-m", "fast", "-l", str(self.folder / "server.log"), *self._options())

    def stop(self) -> None:
        self.ctl("stop", "-m", "fast")

    def start(self) -> None:
        self.ctl("start", "-l", str(self.folder / "server.log"), *self._options())

    def _options(self) -> list[str]:
        return ["-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"]


def _as_postgres(command: list[str]) -> None:
    # Output goes to a file, not a pipe: a server that pg_ctl starts keeps its
    # inherited descriptors open, and reading a pipe to its end would never finish.
    with tempfile.TemporaryFile() as output:
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            check=False,
        )
        if done.returncode != 0:
            output.seek(0)
            said = output.read().decode(errors="replace").strip()
            raise RuntimeError(f"{' '.join(command)} failed: {said}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@contextmanager
def private_server() -> Iterator[PrivateServer]:
    bin_dir = _server_bin()
    if bin_dir is None or os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("needs root and an installed PostgreSQL server (CI has both)")
    folder = Path(tempfile.mkdtemp(prefix="ek-pg-"))
    try:
        shutil.chown(folder, "postgres", "postgres")
        _as_postgres(
            [str(bin_dir / "initdb"), "-D", str(folder / "data"), "--auth=trust", "-U", "postgres"]
        )
        server = PrivateServer(folder, _free_port(), bin_dir)
        server.start()
        try:
            yield server
        finally:
            with contextlib.suppress(RuntimeError):  # already stopped by the test
                server.ctl("stop", "-m", "immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

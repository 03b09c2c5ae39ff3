"""The README's key exchange, run verbatim in a shell by two people with their own homes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# Seconds each (processes, browsers, servers): out of the fast lane, `-m "not slow"`.
pytestmark = pytest.mark.slow

PASSPHRASE = "a long enough passphrase"


def _readme_lines(prefix: str) -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    return [line for line in text.splitlines() if line.startswith(prefix)]


class Person:
    """A shell in this person's own folder, home and keyring, with `evidencekit` on PATH."""

    def __init__(self, root: Path, name: str) -> None:
        self.folder = root / name
        home = self.folder / "home"
        home.mkdir(parents=True)
        shim = self.folder / "bin" / "evidencekit"
        shim.parent.mkdir()
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m evidencekit "$@"\n', "utf-8")
        shim.chmod(0o755)
        self.env = {
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
            "PYTHON_KEYRING_BACKEND": "tests.cli.file_keyring.FileKeyring",
            "EVIDENCEKIT_PASSPHRASE": PASSPHRASE,
        }

    def shell(self, line: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["/bin/sh", "-c", line],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        return done

    def json(self, line: str) -> object:
        return json.loads(self.shell(line).stdout)


def test_the_readme_key_exchange_round_trips(tmp_path: Path) -> None:
    create, create_file = _readme_lines("evidencekit keys create")
    [me] = _readme_lines("evidencekit keys me ")
    [show] = _readme_lines("evidencekit keys show > me.pub")
    [trust_pub, trust_contact] = _readme_lines("evidencekit keys trust ")
    [contact] = _readme_lines("evidencekit keys contact")
    [trusted] = _readme_lines("evidencekit keys trusted")

    teacher, evaluator = Person(tmp_path, "teacher"), Person(tmp_path, "evaluator")
    for line in (create, create_file, me, show, contact):
        teacher.shell(line)
    teacher_print = teacher.json("evidencekit keys show --json")["fingerprint"]
    public = (teacher.folder / "me.pub").read_text("utf-8")
    assert public.startswith("evidencekit-ed25519 ") and public.count("\n") == 1
    assert public.rstrip().endswith("Tess Ng")  # her name labels the key she sends

    # The evaluator trusts the teacher's me.pub, renamed as the README names it.
    shutil.copy(teacher.folder / "me.pub", evaluator.folder / "teacher.pub")
    said = evaluator.shell(trust_pub).stdout
    assert teacher_print in said and "Tess Ng" in said
    [entry] = evaluator.json("evidencekit keys trusted --json")
    assert (entry["fingerprint"], entry["role"], entry["label"]) == (
        teacher_print,
        "teacher",
        "Tess Ng",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", entry["since"])

    # The evaluator sends her contact file back; the teacher trusts it in its role.
    evaluator.shell("evidencekit keys create")
    evaluator.shell('evidencekit keys me --name "Eva Ortiz" --role evaluator')
    evaluator.shell(contact)
    shutil.copy(evaluator.folder / "me.evkit-contact", teacher.folder / "eva.evkit-contact")
    teacher.shell(trust_contact)
    listing = teacher.shell(trusted).stdout
    assert "Eva Ortiz" in listing and "evaluator" in listing
    eva_print = evaluator.json("evidencekit keys show --json")["fingerprint"]
    assert eva_print in listing

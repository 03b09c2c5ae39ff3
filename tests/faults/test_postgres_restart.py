"""PostgreSQL restarted while evaluators claim: retried once, else one sentence; no claim
is lost or made twice, and nothing is held for an evaluator who was not told."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from evidencekit.domain.errors import StorageFault
from evidencekit.services import review_centre as centre
from evidencekit.storage.workspace import open_workspace
from tests.faults.conftest import cli_env
from tests.faults.private_postgres import PrivateServer, private_server
from tests.services.review_fixtures import queued

# Seconds each (processes, browsers, servers): out of the fast lane, `-m "not slow"`.
pytestmark = pytest.mark.slow

# Claims (a little apart, so the restart falls among them) until nothing is left,
# printing each claim; a fault is printed as its one sentence.
CLAIMER = """
import sys, time
from pathlib import Path
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.services import review_centre as centre
from evidencekit.storage.workspace import open_workspace

folder, url, evaluator = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
with open_workspace(folder, url) as ws:
    print("ready", flush=True)
    try:
        while (got := centre.claim(ws, evaluator)) is not None:
            print("claimed", got.bundle.sha256, got.slot, flush=True)
            time.sleep(0.05)
    except EvidenceKitError as error:
        print("fault", error.message, flush=True)
        sys.exit(2)
"""


@pytest.fixture
def server() -> Iterator[PrivateServer]:
    with private_server() as running:
        yield running


def _active(url: str) -> set[tuple[str, int, str]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT b.sha256, a.slot, a.evaluator FROM review_assignments a"
                " JOIN review_bundles b ON b.id = a.bundle_id WHERE a.status = 'active'"
            )
        ).all()
        claimed = conn.execute(
            text("SELECT count(*) FROM review_slots WHERE status = 'claimed'")
        ).scalar_one()
    engine.dispose()
    assert claimed == len(rows)  # every claimed slot has its one claim
    return {tuple(r) for r in rows}


def test_a_restart_during_claims_is_retried_or_explained(
    server: PrivateServer, tmp_path: Path
) -> None:
    with open_workspace(tmp_path / "ws", server.url) as ws:
        for n in range(30):
            centre.enqueue(ws, queued(n))
    evaluators = [f"evaluator-{i}" for i in range(4)]
    claimers = [
        subprocess.Popen(
            [sys.executable, "-c", CLAIMER, str(tmp_path / name), server.url, name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
        for name in evaluators
    ]
    for claimer in claimers:
        assert claimer.stdout is not None and claimer.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    server.restart()  # mid-claim
    told: set[tuple[str, int, str]] = set()
    unsure: set[str] = set()
    for name, claimer in zip(evaluators, claimers, strict=True):
        # read(), not communicate(): readline() above may hold claims read ahead.
        assert claimer.stdout is not None and claimer.stderr is not None
        out, err = claimer.stdout.read(), claimer.stderr.read()
        claimer.wait(timeout=120)
        assert "Traceback" not in err, err
        assert claimer.returncode in (0, 2), err
        for line in out.splitlines():
            if line.startswith("claimed "):
                _word, sha, slot = line.split()
                told.add((sha, int(slot), name))
        if claimer.returncode == 2:
            [fault] = [line for line in out.splitlines() if line.startswith("fault ")]
            assert "stopped answering during the claim" in fault and "--resume" in fault
            unsure.add(name)
    held = _active(server.url)
    assert told <= held  # nothing lost
    # Nothing held for nobody: only an evaluator told to resume may hold one more.
    untold = [evaluator for _sha, _slot, evaluator in held - told]
    assert all(evaluator in unsure for evaluator in untold)
    assert len(untold) == len(set(untold))
    assert told  # the claimers got going


def test_a_server_that_stays_away_is_explained_in_one_sentence(
    server: PrivateServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(centre, "RECONNECT_PAUSE_S", 0.2)
    ws = open_workspace(tmp_path / "ws", server.url)
    centre.enqueue(ws, queued(1))
    server.stop()
    try:
        with pytest.raises(StorageFault, match="stopped answering") as info:
            centre.claim(ws, "Ada")
        assert "\n" not in info.value.message
    finally:
        ws.close()
        server.start()
    with open_workspace(tmp_path / "ws", server.url) as again:
        assert [s.status for s in centre.queue(again)[0].slots] == ["open", "open"]

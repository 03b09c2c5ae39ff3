"""Claimers killed mid-claim: nothing is held for a client that died beyond its lease,
and a claim statement still waiting when its client died is not made at all."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from evidencekit.services import review_centre as centre
from evidencekit.storage.workspace import open_workspace
from tests.faults.conftest import cli_env
from tests.services.review_fixtures import queued

pytestmark = pytest.mark.postgres

# Claims until the queue has nothing for this evaluator, printing each claim made.
CLAIMER = """
import sys
from pathlib import Path
from evidencekit.services import review_centre as centre
from evidencekit.storage.workspace import open_workspace

folder, url, evaluator = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
with open_workspace(folder, url) as ws:
    print("ready", flush=True)
    while (got := centre.claim(ws, evaluator)) is not None:
        print("claimed", got.bundle.sha256, got.slot, flush=True)
"""


def _claimer(tmp_path: Path, url: str, evaluator: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLAIMER, str(tmp_path / f"ws-{evaluator}"), url, evaluator],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )


def _consistent(url: str) -> list[tuple[str, int, str]]:
    """Every claimed slot has exactly one active claim and no open slot has one; the
    active claims as (bundle id, slot, evaluator)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        mismatched = conn.execute(
            text(
                "SELECT s.bundle_id, s.slot, s.status, count(a.id) FROM review_slots s"
                " LEFT JOIN review_assignments a ON a.bundle_id = s.bundle_id"
                " AND a.slot = s.slot AND a.status = 'active'"
                " GROUP BY s.bundle_id, s.slot, s.status"
                " HAVING (s.status = 'claimed') <> (count(a.id) = 1) OR count(a.id) > 1"
            )
        ).all()
        active = conn.execute(
            text(
                "SELECT bundle_id, slot, evaluator FROM review_assignments WHERE status = 'active'"
            )
        ).all()
    engine.dispose()
    assert mismatched == []
    return [tuple(r) for r in active]


def test_claimers_killed_mid_claim_hold_nothing_past_their_lease(
    postgres_url: str, tmp_path: Path
) -> None:
    with open_workspace(tmp_path / "ws", postgres_url) as ws:
        for n in range(40):
            centre.enqueue(ws, queued(n))
    claimers = [_claimer(tmp_path, postgres_url, f"evaluator-{i}") for i in range(10)]
    for claimer in claimers:
        assert claimer.stdout is not None and claimer.stdout.readline().strip() == "ready"
    time.sleep(0.3)  # mid-claim: they are claiming as fast as they can
    for claimer in claimers:
        claimer.send_signal(signal.SIGKILL)
    for claimer in claimers:
        claimer.wait(timeout=30)
    held = _consistent(postgres_url)
    assert held, "the claimers were killed before claiming anything; kill later"
    # Nobody renews these claims: once the lease has run out they are all back.
    lapse = datetime.now(UTC) + centre.DEFAULT_STALE_AFTER + timedelta(seconds=5)
    with open_workspace(tmp_path / "ws", postgres_url) as ws:
        assert centre.expire_stale(ws, now=lapse) == len(held)
        slots = [s.status for entry in centre.queue(ws) for s in entry.slots]
    assert set(slots) == {"open"}
    assert _consistent(postgres_url) == []


def test_a_claimer_killed_while_blocked_claims_nothing(postgres_url: str, tmp_path: Path) -> None:
    with open_workspace(tmp_path / "ws", postgres_url) as ws:
        for n in range(5):
            centre.enqueue(ws, queued(n))
    engine = create_engine(postgres_url)
    blocker = engine.connect()
    blocker.execute(text("LOCK TABLE review_slots IN ACCESS EXCLUSIVE MODE"))
    claimers = [_claimer(tmp_path, postgres_url, f"blocked-{i}") for i in range(5)]
    try:
        for claimer in claimers:
            assert claimer.stdout is not None and claimer.stdout.readline().strip() == "ready"
        waiting = 0
        for _ in range(200):  # until all five wait for the lock
            waiting = blocker.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            if waiting == len(claimers):
                break
            time.sleep(0.05)
        assert waiting == len(claimers)
        for claimer in claimers:
            claimer.send_signal(signal.SIGKILL)
            claimer.wait(timeout=30)
        time.sleep(2.5)  # the server notices a vanished client within a second
    finally:
        blocker.rollback()
        blocker.close()
    time.sleep(0.5)
    assert _consistent(postgres_url) == []
    engine.dispose()

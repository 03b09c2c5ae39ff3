"""Many claimers at once, each with its own engine (as if on its own machine).

Whatever the interleaving: every slot is claimed exactly once, no evaluator holds
both slots of a bundle, and no claimer sees an error or a deadlock.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from evidencekit.domain.review_queue import Claim
from evidencekit.services import review_centre as centre
from evidencekit.storage import review_queue as store
from evidencekit.storage.workspace import Workspace, open_workspace
from tests.services.review_fixtures import CRITERIA, queued

BUNDLES = 30


@dataclass
class Outcome:
    claims: list[Claim] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


Worker = Callable[[Workspace, str, Outcome], None]


def claim_until_empty(workspace: Workspace, evaluator: str, outcome: Outcome) -> None:
    while (got := centre.claim(workspace, evaluator)) is not None:
        with outcome.lock:
            outcome.claims.append(got)


def release_first_then_score(workspace: Workspace, evaluator: str, outcome: Outcome) -> None:
    """Give the first claim back, score every later one: slots reopen mid-run."""
    released = False
    while (got := centre.claim(workspace, evaluator)) is not None:
        if not released:
            centre.release(workspace, evaluator, got.bundle.sha256)
            released = True
            continue
        centre.complete(
            workspace, evaluator, got.bundle.sha256, dict.fromkeys(CRITERIA, "developing")
        )
        with outcome.lock:
            outcome.claims.append(got)


def run_claimers(
    folder: Path, url: str | None, evaluators: list[str], work: Worker = claim_until_empty
) -> Outcome:
    with open_workspace(folder, url) as setup:
        for n in range(BUNDLES):
            centre.enqueue(setup, queued(n))
    # Each claimer gets its own engine and connections, opened before the start line.
    workspaces = [open_workspace(folder, url) for _ in evaluators]
    start = threading.Barrier(len(evaluators))
    outcome = Outcome()

    def body(workspace: Workspace, evaluator: str) -> None:
        try:
            start.wait()
            work(workspace, evaluator, outcome)
        except BaseException as error:
            with outcome.lock:
                outcome.errors.append(error)

    threads = [
        threading.Thread(target=body, args=pair, name=f"claimer-{i}")
        for i, pair in enumerate(zip(workspaces, evaluators, strict=True))
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(t.is_alive() for t in threads), "a claimer hung (deadlock?)"
    finally:
        for workspace in workspaces:
            workspace.close()
    return outcome


def check_invariants(folder: Path, url: str | None, outcome: Outcome, slot_status: str) -> None:
    assert outcome.errors == []
    given = Counter((c.bundle.sha256, c.slot) for c in outcome.claims)
    every_slot = {(queued(n).sha256, s) for n in range(BUNDLES) for s in (1, 2)}
    assert set(given) == every_slot
    assert max(given.values()) == 1  # each slot claimed exactly once
    by_bundle: dict[str, set[str]] = {}
    for c in outcome.claims:
        by_bundle.setdefault(c.bundle.sha256, set()).add(c.evaluator)
    assert all(len(names) == 2 for names in by_bundle.values())  # two different evaluators
    # And the database agrees with what the claimers were told.
    with open_workspace(folder, url) as ws, ws.engine.connect() as connection:
        holding = connection.execute(
            select(func.count()).where(store.ASSIGNMENTS.c.status.in_(("active", "completed")))
        ).scalar_one()
        statuses = connection.execute(select(store.SLOT_ROWS.c.status)).scalars().all()
    assert holding == 2 * BUNDLES
    assert set(statuses) == {slot_status}


@pytest.mark.postgres
def test_twenty_four_claimers_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    # Twelve evaluators, each claiming from two machines at once: the second machine
    # must never get the other slot of a bundle the first one just took.
    evaluators = [f"evaluator-{i % 12:02d}" for i in range(24)]
    outcome = run_claimers(tmp_path / "ws", postgres_url, evaluators)
    check_invariants(tmp_path / "ws", postgres_url, outcome, "claimed")


@pytest.mark.postgres
def test_claims_releases_and_scores_interleave_on_postgres(
    postgres_url: str, tmp_path: Path
) -> None:
    evaluators = [f"evaluator-{i:02d}" for i in range(20)]
    outcome = run_claimers(tmp_path / "ws", postgres_url, evaluators, release_first_then_score)
    check_invariants(tmp_path / "ws", postgres_url, outcome, "done")


def test_a_few_claimers_on_sqlite(tmp_path: Path) -> None:
    evaluators = ["ada", "ada", "bob", "cy", "di"]
    outcome = run_claimers(tmp_path / "ws", None, evaluators)
    check_invariants(tmp_path / "ws", None, outcome, "claimed")


def test_claims_releases_and_scores_interleave_on_sqlite(tmp_path: Path) -> None:
    outcome = run_claimers(tmp_path / "ws", None, ["ada", "bob", "cy"], release_first_then_score)
    check_invariants(tmp_path / "ws", None, outcome, "done")

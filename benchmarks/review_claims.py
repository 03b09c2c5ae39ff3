"""Queue claims under 20 concurrent claimers on PostgreSQL, beside a bare round trip.

Goal (issue 6): p95 of a claim under 50 ms with 20 claimers at once. Each claimer
is its own process with its own engine (as if on its own machine) and claims until
the queue is empty; every claim's wall time is kept. The reference is the same 20
processes each sending ``SELECT 1`` in a loop over the same kind of connection at
the same moment: the least any transaction on this server can cost under that load.

    .venv/bin/python benchmarks/review_claims.py [claimers] [bundles]

Needs EVIDENCEKIT_TEST_POSTGRES_URL (./dev test sets PostgreSQL up); a scratch
database is created and dropped.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from evidencekit.domain.review_queue import QueuedBundle
from evidencekit.services import review_centre as centre
from evidencekit.storage.workspace import open_workspace


def bundle(n: int) -> QueuedBundle:
    return QueuedBundle(
        sha256=f"{n:064x}",
        file_name=f"bundle-{n}.evkit",
        location=f"/shared/inbox/bundle-{n}.evkit",
        credential_id="checking-for-understanding",
        credential_version="1.0",
        unit_id="questioning",
        attempt=1,
        candidate_pseudonym=f"cand-{n:04d}",
    )


def claimer(folder: str, url: str, evaluator: str, start, out) -> None:
    workspace = open_workspace(Path(folder), url)
    centre.queue(workspace)  # connect before the start line
    start.wait()
    times = []
    while True:
        began = time.perf_counter()
        got = centre.claim(workspace, evaluator)
        times.append(time.perf_counter() - began)
        if got is None:
            break
    workspace.close()
    out.put(times)


def pinger(url: str, rounds: int, start, out) -> None:
    engine = create_engine(url)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        connection.commit()
        start.wait()
        times = []
        for _ in range(rounds):
            began = time.perf_counter()
            with connection.begin():
                connection.execute(text("SELECT 1")).scalar()
            times.append(time.perf_counter() - began)
    engine.dispose()
    out.put(times)


def run(target, args_for, processes: int) -> list[float]:
    start = mp.Barrier(processes)
    out = mp.Queue()
    workers = [mp.Process(target=target, args=(*args_for(i), start, out)) for i in range(processes)]
    for worker in workers:
        worker.start()
    times = [t for _ in workers for t in out.get()]
    for worker in workers:
        worker.join()
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] * 1000


def main() -> None:
    claimers = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    bundles = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    admin = make_url(os.environ["EVIDENCEKIT_TEST_POSTGRES_URL"])
    name = f"ek_bench_{uuid.uuid4().hex[:8]}"
    server = create_engine(admin, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as folder:
            with open_workspace(Path(folder), url) as setup:
                for n in range(bundles):
                    centre.enqueue(setup, bundle(n))
            claims = run(
                claimer, lambda i: (folder, url, f"evaluator-{i:02d}@example.org"), claimers
            )
        rounds = max(1, len(claims) // claimers)
        pings = run(pinger, lambda i: (url, rounds), claimers)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
    print(f"{claimers} claimers, {bundles} bundles ({2 * bundles} slots), {len(claims)} calls")
    print(f"{'':24}{'median ms':>10}{'p95 ms':>10}")
    for label, times in (("claim", claims), ("SELECT 1 (reference)", pings)):
        print(f"{label:24}{statistics.median(times) * 1000:10.2f}{p95(times):10.2f}")
    print(f"p95 ratio claim / SELECT 1: {p95(claims) / p95(pings):.1f}x  (goal: claim p95 < 50 ms)")


if __name__ == "__main__":
    main()

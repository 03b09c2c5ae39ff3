"""``evidencekit review queue|claim|score|release|stats``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.services.review_fixtures import review_bundle

LEVELS = ("q-design=developing", "q-wait=demonstrated", "q-response=not_yet")


@pytest.fixture
def bundles(tmp_path: Path) -> list[Path]:
    return [review_bundle(tmp_path, n) for n in (1, 2)]


def score_both_slots(run: Run, sha: str) -> None:
    for evaluator in ("Ada", "Bob"):
        assert run("review", "score", "--evaluator", evaluator, sha, *LEVELS).code == 0


def test_whole_round_in_json(run: Run, bundles: list[Path]) -> None:
    assert run("review", "queue", "--json").json() == {"bundles": []}
    added = run("review", "queue", "add", *bundles, "--json")
    assert added.code == 0, added.err
    queued = added.json()["queued"]
    assert [(q["file_name"], q["added"]) for q in queued] == [
        ("bundle-1.evkit", True),
        ("bundle-2.evkit", True),
    ]
    assert run("review", "queue", "add", bundles[0], "--json").json()["queued"][0]["added"] is False
    first = run("review", "claim", "--evaluator", "Ada", "--json").json()["claim"]
    second = run("review", "claim", "--evaluator", "Bob", "--json").json()["claim"]
    sha = queued[0]["sha256"]
    assert (first["bundle"]["sha256"], first["slot"]) == (sha, 1)
    assert (second["bundle"]["sha256"], second["slot"]) == (sha, 2)
    assert first["bundle"]["candidate_pseudonym"] == "cand-0001"
    score_both_slots(run, sha)
    listing = run("review", "queue", "--json").json()["bundles"]
    assert [s["status"] for s in listing[0]["slots"]] == ["done", "done"]
    assert [s["status"] for s in listing[1]["slots"]] == ["open", "open"]
    stats = run("review", "stats", "--weighted", "--json").json()["criteria"]
    assert {line["criterion"]: (line["pairs"], line["exact"]) for line in stats} == {
        "q-design": (1, 1.0),
        "q-wait": (1, 1.0),
        "q-response": (1, 1.0),
    }
    assert all(line["kappa"] is None for line in stats)  # one pair: chance predicts it


def test_text_output(run: Run, bundles: list[Path]) -> None:
    assert "empty" in run("review", "queue").out
    assert "No bundle has been scored twice" in run("review", "stats").out
    assert "queued for two scorings" in run("review", "queue", "add", bundles[0]).out
    claimed = run("review", "claim", "--evaluator", "Ada")
    assert "slot 1 of 2" in claimed.out and "cand-0001" in claimed.out
    assert "slot 1 claimed (Ada), slot 2 open" in run("review", "queue").out
    sha = run("review", "queue", "--json").json()["bundles"][0]["bundle"]["sha256"]
    assert "back in the queue" in run("review", "release", "--evaluator", "Ada", sha).out
    run("review", "claim", "--evaluator", "Ada")
    run("review", "claim", "--evaluator", "Bob")
    score_both_slots(run, sha)
    table = run("review", "stats", "--weighted").out
    assert "q-design" in table and "100%" in table and "w-kappa" in table
    assert (
        "Nothing in the queue is waiting for Cy" in run("review", "claim", "--evaluator", "Cy").out
    )


def test_tampered_bundle_is_not_queued(run: Run, bundles: list[Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.evkit"
    broken.write_bytes(bundles[0].read_bytes()[:-100])
    result = run("review", "queue", "add", broken, "--json")
    assert result.code == 2
    assert "failed verification" in result.json()["error"]
    assert run("review", "queue", "--json").json() == {"bundles": []}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("score", "--evaluator", "Ada", "0" * 64, "q-design"), "CRITERION=LEVEL"),
        (("score", "--evaluator", "Ada", "0" * 64, "a=b", "a=c"), "scored twice"),
        (("score", "--evaluator", "Ada", "0" * 64, *LEVELS), "No bundle with hash"),
        (("release", "--evaluator", "Ada", "0" * 64), "No bundle with hash"),
        (("claim", "--evaluator", " "), "Say who the evaluator is"),
        (("claim", "--evaluator", "Ada", "--stale-minutes", "0"), "more than 0"),
    ],
)
def test_bad_input_gets_one_clear_sentence(run: Run, args: tuple[str, ...], message: str) -> None:
    result = run("review", *args)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err


def test_claim_needs_an_evaluator(run: Run) -> None:
    with pytest.raises(SystemExit) as stopped:
        run("review", "claim")
    assert stopped.value.code == 2


@pytest.mark.postgres
def test_review_centre_on_postgres(
    run: Run, bundles: list[Path], postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVIDENCEKIT_DATABASE_URL", postgres_url)
    assert run("review", "queue", "add", *bundles).code == 0
    claims = [run("review", "claim", "--evaluator", e, "--json").json()["claim"] for e in "ABC"]
    assert [(c["bundle"]["file_name"], c["slot"]) for c in claims] == [
        ("bundle-1.evkit", 1),
        ("bundle-1.evkit", 2),
        ("bundle-2.evkit", 1),
    ]


def test_claims_are_renewed_and_resumed(run: Run, bundles: list[Path], ws_path: Path) -> None:
    assert run("review", "queue", "add", *bundles).code == 0
    first = run("review", "claim", "--evaluator", "Ada", "--json").json()["claim"]
    sha = first["bundle"]["sha256"]
    renewed = run("review", "renew", "--evaluator", "Ada", sha)
    assert renewed.code == 0 and "for another 10 minutes" in renewed.out
    again = run("review", "claim", "--evaluator", "Ada", "--resume", "--json").json()["claim"]
    assert (again["bundle"]["sha256"], again["slot"]) == (sha, first["slot"])
    assert Path(again["file"]).read_bytes() == bundles[0].read_bytes()  # this machine's path
    shown = run("review", "claim", "--evaluator", "Ada", "--resume")
    assert (
        f"file      {ws_path.resolve() / 'bundle-store' / sha[:2] / (sha + '.evkit')}" in shown.out
    )
    refused = run("review", "renew", "--evaluator", "Bob", sha)
    assert refused.code == 2 and "has not claimed" in refused.err

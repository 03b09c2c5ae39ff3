"""The review centre's queue, claims, scores and agreement report, on SQLite and PostgreSQL."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidencekit.domain.coaching import DraftNotForScoring
from evidencekit.domain.review_queue import ReviewQueueError
from evidencekit.services import review_centre as centre
from evidencekit.storage.workspace import Workspace
from tests.bundle import layout
from tests.domain.test_agreement import FIXED, HAND_KAPPA, HAND_WEIGHTED
from tests.services.review_fixtures import CRITERIA, queued, review_bundle

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def all_scored(level: str = "developing") -> dict[str, str]:
    return dict.fromkeys(CRITERIA, level)


def test_verified_bundle_is_queued_with_its_pseudonym(
    any_workspace: Workspace, tmp_path: Path
) -> None:
    path = review_bundle(tmp_path, 1)
    bundle, added = centre.enqueue_file(any_workspace, path)
    assert added
    assert (bundle.file_name, bundle.unit_id, bundle.attempt) == (path.name, "questioning", 2)
    assert bundle.candidate_pseudonym == "cand-0001"
    assert bundle.location == f"{bundle.sha256[:2]}/{bundle.sha256}.evkit"
    assert centre.bundle_file(any_workspace, bundle).read_bytes() == path.read_bytes()
    _, again = centre.enqueue_file(any_workspace, path)
    assert not again  # the same bytes are queued once
    [entry] = centre.queue(any_workspace)
    assert entry.bundle == bundle
    assert [(s.slot, s.status, s.evaluator) for s in entry.slots] == [
        (1, "open", None),
        (2, "open", None),
    ]


def test_a_draft_for_coaching_is_refused_and_not_queued(
    any_workspace: Workspace, tmp_path: Path
) -> None:
    path = review_bundle(tmp_path, 9, draft=True)
    with pytest.raises(DraftNotForScoring) as refused:
        centre.enqueue_file(any_workspace, path)
    assert refused.value.exit_code == 1
    assert str(refused.value) == (
        "bundle-9.evkit is a draft for coaching: a coach can comment on it, "
        "but it cannot be scored."
    )
    assert centre.queue(any_workspace) == []


def test_named_bundle_keeps_the_name_out_of_the_queue(tmp_path: Path, workspace: Workspace) -> None:
    path = review_bundle(tmp_path, 2, candidate={"name": "Ada Lovelace"})
    bundle, _ = centre.enqueue_file(workspace, path)
    assert bundle.candidate_pseudonym is None
    assert "Ada" not in str(centre.queue(workspace)[0].to_dict())


def test_tampered_bundle_is_refused_and_not_queued(tmp_path: Path, workspace: Workspace) -> None:
    good = review_bundle(tmp_path, 3)
    bad = tmp_path / "bad.evkit"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if layout.bag_path(info.filename, source.namelist()) == "data/text/q-reflection.md":
                data = b"Someone else's words.\n"
            target.writestr(info, data)
    with pytest.raises(ReviewQueueError, match=r"failed verification.*q-reflection\.md"):
        centre.enqueue_file(workspace, bad)
    with pytest.raises(ReviewQueueError, match="no such bundle file"):
        centre.enqueue_file(workspace, tmp_path / "missing.evkit")
    not_zip = tmp_path / "notes.evkit"
    not_zip.write_text("not a bundle")
    with pytest.raises(ReviewQueueError, match="failed verification"):
        centre.enqueue_file(workspace, not_zip)
    assert centre.queue(workspace) == []


def test_claims_go_oldest_first_and_never_twice_to_one_evaluator(
    any_workspace: Workspace,
) -> None:
    for n in (1, 2):
        assert centre.enqueue(any_workspace, queued(n))
    ada = centre.claim(any_workspace, "Ada", now=T0)
    assert ada is not None and (ada.bundle.sha256, ada.slot) == (queued(1).sha256, 1)
    ada2 = centre.claim(any_workspace, "  Ada ", now=T0)  # the same evaluator, spaced
    assert ada2 is not None and (ada2.bundle.sha256, ada2.slot) == (queued(2).sha256, 1)
    assert centre.claim(any_workspace, "Ada", now=T0) is None
    bob = centre.claim(any_workspace, "Bob", now=T0)
    assert bob is not None and (bob.bundle.sha256, bob.slot) == (queued(1).sha256, 2)
    assert centre.claim(any_workspace, "Cy", now=T0) is not None
    assert centre.claim(any_workspace, "Di", now=T0) is None  # every slot is taken
    holders = {e.bundle.sha256: [s.evaluator for s in e.slots] for e in centre.queue(any_workspace)}
    assert holders == {queued(1).sha256: ["Ada", "Bob"], queued(2).sha256: ["Ada", "Cy"]}


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_evaluator_must_be_named(workspace: Workspace, name: str) -> None:
    with pytest.raises(ReviewQueueError, match="evaluator"):
        centre.claim(workspace, name)


def test_stale_claims_return_to_the_queue(any_workspace: Workspace) -> None:
    centre.enqueue(any_workspace, queued(1))
    assert centre.claim(any_workspace, "Ada", now=T0) is not None
    assert centre.claim(any_workspace, "Bob", now=T0) is not None
    later = T0 + timedelta(hours=5)
    assert centre.claim(any_workspace, "Cy", timedelta(hours=6), now=later) is None
    # After six hours both claims are stale: Cy gets slot 1, and Ada may claim again.
    much_later = T0 + timedelta(hours=6, seconds=1)
    cy = centre.claim(any_workspace, "Cy", timedelta(hours=6), now=much_later)
    assert cy is not None and cy.slot == 1
    with pytest.raises(ReviewQueueError, match="expired"):
        centre.complete(any_workspace, "Bob", queued(1).sha256, all_scored())
    ada = centre.claim(any_workspace, "Ada", timedelta(hours=6), now=much_later)
    assert ada is not None and ada.slot == 2


def test_expire_stale_counts_what_it_returned(any_workspace: Workspace) -> None:
    centre.enqueue(any_workspace, queued(1))
    centre.claim(any_workspace, "Ada", now=T0)
    assert centre.expire_stale(any_workspace, timedelta(hours=1), now=T0) == 0
    assert centre.expire_stale(any_workspace, timedelta(hours=1), now=T0 + timedelta(hours=2)) == 1
    assert [s.status for s in centre.queue(any_workspace)[0].slots] == ["open", "open"]


def test_release_gives_the_slot_back(any_workspace: Workspace) -> None:
    centre.enqueue(any_workspace, queued(1))
    sha = queued(1).sha256
    centre.claim(any_workspace, "Ada")
    centre.release(any_workspace, "Ada", sha)
    with pytest.raises(ReviewQueueError, match="released this bundle"):
        centre.release(any_workspace, "Ada", sha)
    again = centre.claim(any_workspace, "Bob")
    assert again is not None and again.slot == 1


def test_scores_complete_the_slot_once(any_workspace: Workspace) -> None:
    centre.enqueue(any_workspace, queued(1))
    sha = queued(1).sha256
    with pytest.raises(ReviewQueueError, match="has not claimed"):
        centre.complete(any_workspace, "Ada", sha, all_scored())
    centre.claim(any_workspace, "Ada")
    centre.complete(any_workspace, "Ada", sha, all_scored())
    with pytest.raises(ReviewQueueError, match="already scored"):
        centre.complete(any_workspace, "Ada", sha, all_scored())
    assert centre.claim(any_workspace, "Ada") is None  # a scorer never gets the second slot
    [entry] = centre.queue(any_workspace)
    assert [(s.status, s.evaluator) for s in entry.slots] == [("done", "Ada"), ("open", None)]


def test_scores_must_fit_the_rubric(workspace: Workspace) -> None:
    centre.enqueue(workspace, queued(1))
    centre.enqueue(workspace, queued(2, unit="no-such-unit"))
    sha = queued(1).sha256
    centre.claim(workspace, "Ada")
    with pytest.raises(ReviewQueueError, match="missing: q-wait"):
        centre.complete(workspace, "Ada", sha, {"q-design": "developing", "q-response": "x"})
    with pytest.raises(ReviewQueueError, match="no criterion rs-all"):
        centre.complete(workspace, "Ada", sha, {**all_scored(), "rs-all": "developing"})
    with pytest.raises(ReviewQueueError, match="'excellent' is not a level"):
        centre.complete(workspace, "Ada", sha, {**all_scored(), "q-wait": "excellent"})
    with pytest.raises(ReviewQueueError, match="No bundle with hash"):
        centre.complete(workspace, "Ada", "0" * 64, all_scored())
    centre.claim(workspace, "Ada")
    with pytest.raises(ReviewQueueError, match="has no unit no-such-unit"):
        centre.complete(workspace, "Ada", queued(2).sha256, all_scored())
    # Nothing half-recorded: the valid scores still go through.
    centre.complete(workspace, "Ada", sha, all_scored())


def test_agreement_report_matches_the_hand_computed_kappa(any_workspace: Workspace) -> None:
    # The fixed data set of tests/domain/test_agreement.py, scored for q-design through
    # the queue: bundle n's slot 1 gets FIXED[n][0], its slot 2 FIXED[n][1].
    for n in range(len(FIXED)):
        centre.enqueue(any_workspace, queued(n))
    for first, second in FIXED:
        for evaluator, level in (("Ada", first), ("Bob", second)):
            got = centre.claim(any_workspace, evaluator)
            assert got is not None
            scores = {**all_scored("demonstrated"), "q-design": level}
            centre.complete(any_workspace, evaluator, got.bundle.sha256, scores)
    # One more bundle scored only once adds nothing to the report.
    centre.enqueue(any_workspace, queued(99))
    single = centre.claim(any_workspace, "Cy")
    assert single is not None
    centre.complete(any_workspace, "Cy", single.bundle.sha256, all_scored("not_yet"))

    report = {line.agreement.criterion: line for line in centre.agreement_report(any_workspace)}
    assert set(report) == set(CRITERIA)
    design = report["q-design"].agreement
    assert (design.pairs, design.exact) == (10, pytest.approx(0.6))
    assert design.kappa == pytest.approx(HAND_KAPPA)
    assert design.weighted_kappa is None
    # Both scorers gave every other criterion the same level: full agreement, kappa undefined.
    wait = report["q-wait"].agreement
    assert (wait.exact, wait.kappa) == (1.0, None)

    weighted = centre.agreement_report(any_workspace, weighted=True)
    line = next(x for x in weighted if x.agreement.criterion == "q-design")
    assert line.agreement.weighted_kappa == pytest.approx(HAND_WEIGHTED)
    assert line.to_dict()["credential"] == "checking-for-understanding"


def test_empty_report(workspace: Workspace) -> None:
    assert centre.agreement_report(workspace, weighted=True) == []


def test_claims_are_leases_renewed_while_the_evaluator_works(any_workspace: Workspace) -> None:
    centre.enqueue(any_workspace, queued(1))
    sha = queued(1).sha256
    assert centre.claim(any_workspace, "Ada", now=T0) is not None
    assert centre.claim(any_workspace, "Bob", now=T0) is not None
    for minute in range(1, 30, 5):  # Ada's review window renews; Bob's client died
        centre.renew(any_workspace, "Ada", sha, now=T0 + timedelta(minutes=minute))
    later = T0 + timedelta(minutes=30)
    cy = centre.claim(any_workspace, "Cy", now=later)
    assert cy is not None and cy.slot == 2  # Bob's lapsed slot, within minutes
    with pytest.raises(ReviewQueueError, match="expired"):
        centre.renew(any_workspace, "Bob", sha, now=later)
    centre.complete(any_workspace, "Ada", sha, all_scored())


def test_the_same_evaluator_resumes_their_claims(any_workspace: Workspace) -> None:
    for n in (1, 2):
        centre.enqueue(any_workspace, queued(n))
    first = centre.claim(any_workspace, "Ada", now=T0)
    assert first is not None
    # Another machine, or the same one after a crash: the claim is still theirs.
    [resumed] = centre.resume(any_workspace, " Ada", now=T0 + timedelta(minutes=8))
    assert (resumed.bundle.sha256, resumed.slot) == (first.bundle.sha256, first.slot)
    assert centre.resume(any_workspace, "Bob") == []
    # Resuming renewed the lease: at minute 15 it has not lapsed.
    assert centre.expire_stale(any_workspace, now=T0 + timedelta(minutes=15)) == 0
    assert centre.expire_stale(any_workspace, now=T0 + timedelta(minutes=19)) == 1


def test_bundles_are_filed_in_the_shared_store_by_hash(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "mounted-here"
    monkeypatch.setenv("EVIDENCEKIT_BUNDLE_STORE", str(share))
    path = review_bundle(tmp_path, 1)
    bundle, _added = centre.enqueue_file(workspace, path)
    stored = share / bundle.sha256[:2] / f"{bundle.sha256}.evkit"
    assert stored.read_bytes() == path.read_bytes()
    assert not Path(bundle.location).is_absolute()
    # Another machine mounts the share elsewhere: the queue still finds the bundle.
    elsewhere = tmp_path / "other-machine"
    stored.parent.parent.rename(elsewhere)
    monkeypatch.setenv("EVIDENCEKIT_BUNDLE_STORE", str(elsewhere))
    [entry] = centre.queue(workspace)
    assert centre.bundle_file(workspace, entry.bundle).read_bytes() == path.read_bytes()
    assert not [p for p in elsewhere.rglob("*.part")]


def test_my_queue_renews_my_claims_and_counts_what_waits_for_me(
    any_workspace: Workspace,
) -> None:
    for n in (1, 2):
        centre.enqueue(any_workspace, queued(n))
    assert centre.my_queue(any_workspace, "Ada", now=T0) == centre.MyQueue([], 2)
    mine = centre.claim(any_workspace, "Ada", now=T0)
    centre.claim(any_workspace, "Bob", now=T0)
    seen = centre.my_queue(any_workspace, "Ada", now=T0 + timedelta(minutes=9))
    assert (seen.claims, seen.waiting) == ([mine], 1)  # bundle 2 still has open slots for her
    # Looking renewed it: ten minutes after the claim, but one after the look, it holds.
    centre.expire_stale(any_workspace, now=T0 + timedelta(minutes=11))
    assert centre.my_queue(any_workspace, "Ada", now=T0 + timedelta(minutes=11)).claims == [mine]
    assert centre.my_queue(any_workspace, "Bob", now=T0 + timedelta(minutes=11)).claims == []

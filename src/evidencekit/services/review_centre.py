"""The review centre: many evaluators share one queue of bundles, each scored twice.

Bundles enter the queue only after they verify. Claims, releases and scores are
short transactions on the shared database (see storage/review_queue.py for how
the database's own locking keeps claims apart); the agreement report compares
the two scorings of every double-scored bundle, criterion by criterion.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from evidencekit.bundle.verify import verify_bundle
from evidencekit.domain.agreement import CriterionAgreement, agreement
from evidencekit.domain.catalog import Credential, Unit
from evidencekit.domain.coaching import refuse_if_draft
from evidencekit.domain.errors import StorageFault
from evidencekit.domain.limits import BUNDLE_PATH_MAX, FILE_NAME_MAX, check_length, without_controls
from evidencekit.domain.review import Review
from evidencekit.domain.review_queue import (
    Claim,
    QueuedBundle,
    QueueEntry,
    ReviewQueueError,
    evaluator_id,
)
from evidencekit.domain.tasks import Reporter
from evidencekit.services.catalogs import workspace_catalog
from evidencekit.storage import review_queue as store
from evidencekit.storage.bundle_store import BundleStore
from evidencekit.storage.faults import server_went_away
from evidencekit.storage.workspace import Workspace, url_for_humans

T = TypeVar("T")
CLAIM_UNSURE = (
    "the review centre's database stopped answering during the claim; once it is back, "
    "claim again with --resume: a claim it made is then yours, and otherwise it lapses."
)
CENTRE_AWAY = (
    "the review centre's database stopped answering (it may be restarting), so nothing "
    "was changed; try again in a minute."
)

#: A claim not renewed within this time goes back to the queue for someone else: the
#: review window renews it every minute while open, so only a claimer that died or
#: lost its network lets it lapse.
DEFAULT_STALE_AFTER = timedelta(minutes=10)
#: How often a client at work on a claim should renew it.
RENEW_EVERY = timedelta(minutes=1)
# Deadlock and serialization failures: PostgreSQL rolled the transaction back whole.
_RETRYABLE_SQLSTATES = {"40P01", "40001"}
_ATTEMPTS = 5
#: How long to wait for the server to answer again before the one retry (a restart).
RECONNECT_PAUSE_S = 15.0
_SWEEP_EVERY = timedelta(minutes=1)
# The cutoff each open database was last swept for (see _sweep_if_due).
_last_sweep: WeakKeyDictionary[Engine, datetime] = WeakKeyDictionary()


def _now() -> datetime:
    return datetime.now(UTC)


def read_verified_bundle(
    path: Path,
    trusted: set[str] | None = None,
    reporter: Reporter | None = None,
) -> QueuedBundle:
    """Verify the bundle, then read what the queue keeps about it."""
    if not path.is_file():
        raise ReviewQueueError(f"{path}: there is no such bundle file.")
    # The hash and the metadata come from the one pass that verified the bytes.
    verdict = verify_bundle(path, trusted, reporter=reporter, identify=True)
    if not verdict.ok or verdict.metadata is None or verdict.sha256 is None:
        entry, reason = verdict.problems[0] if verdict.problems else (path.name, "not verified")
        raise ReviewQueueError(
            f"{path.name} was not queued: it failed verification ('{entry}': {reason})"
        )
    before, metadata = verdict.sha256, verdict.metadata
    refuse_if_draft(path.name, metadata)  # a coach's draft is never scored
    credential = metadata["credential"]
    candidate = metadata.get("candidate") or {}
    return QueuedBundle(
        sha256=before,
        file_name=check_length("bundle file name", without_controls(path.name), FILE_NAME_MAX),
        location=BundleStore.location_of(before),
        credential_id=credential["id"],
        credential_version=credential["version"],
        unit_id=credential["unit"],
        attempt=metadata["submission"]["attempt"],
        candidate_pseudonym=candidate.get("pseudonym"),
    )


def enqueue(workspace: Workspace, bundle: QueuedBundle) -> bool:
    """Queue a verified bundle with two open slots; False if it was queued before."""
    check_length("bundle location", bundle.location, BUNDLE_PATH_MAX)

    def add() -> bool:
        with store.write_transaction(workspace.engine) as connection:
            return store.add_bundle(connection, bundle, _now())

    return _once_more_if_disconnected(workspace, add)


def bundle_file(workspace: Workspace, bundle: QueuedBundle) -> Path:
    """Where a queued bundle is on this machine (in the shared bundle store)."""
    return BundleStore.for_workspace(workspace.path).path(bundle.location)


def enqueue_file(
    workspace: Workspace,
    path: Path,
    trusted: set[str] | None = None,
    reporter: Reporter | None = None,
) -> tuple[QueuedBundle, bool]:
    bundle = read_verified_bundle(path, trusted, reporter)
    # Filed in the shared store first: a queued bundle is always there to be opened.
    BundleStore.for_workspace(workspace.path).put(path, bundle.sha256)
    return bundle, enqueue(workspace, bundle)


def _retryable(error: DBAPIError) -> bool:
    if isinstance(error, IntegrityError):
        # The same evaluator claimed the bundle's other slot from another machine at
        # this very moment; the unique index refused the second. Look again.
        return True
    return getattr(error.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES


def claim(
    workspace: Workspace,
    evaluator: str,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
    now: datetime | None = None,
) -> Claim | None:
    """Give the evaluator the oldest open slot of a bundle they hold no slot of.

    Stale claims are returned to the queue first. None when nothing is waiting.
    """
    evaluator = evaluator_id(evaluator)
    moment = now or _now()
    tries = 0

    def claim_once() -> Claim | None:
        nonlocal tries
        tries += 1
        if tries > 1:
            # The claim before the connection was lost may have been made: that one is theirs.
            with workspace.engine.connect() as connection:
                made = store.active_claims(connection, evaluator, claimed_at=moment)
            if made:
                return made[0]
        return _claim_with_retries(workspace, evaluator, stale_after, moment)

    return _once_more_if_disconnected(workspace, claim_once, CLAIM_UNSURE)


def _claim_with_retries(
    workspace: Workspace, evaluator: str, stale_after: timedelta, moment: datetime
) -> Claim | None:
    for attempt in range(_ATTEMPTS):
        try:
            _sweep_if_due(workspace, moment - stale_after)
            with store.claim_transaction(workspace.engine) as connection:
                return store.claim(connection, evaluator, moment)
        except DBAPIError as error:
            if attempt + 1 == _ATTEMPTS or not _retryable(error):
                raise
    raise AssertionError("unreachable")  # the loop returns or raises


def _once_more_if_disconnected(
    workspace: Workspace, action: Callable[[], T], lost: str = CENTRE_AWAY
) -> T:
    """Run ``action``; if the database server went away (a restart), wait for it to answer
    again and run it once more; if it stays away, say ``lost`` in one sentence. Every
    action here is one transaction, so a lost connection left nothing half done."""
    for attempt in range(2):
        try:
            return action()
        except DBAPIError as error:
            if workspace.is_sqlite or not server_went_away(error):
                raise
            if attempt == 1 or not _answers_again(workspace):
                where = url_for_humans(workspace.engine.url.render_as_string())
                raise StorageFault(where, lost) from error
    raise AssertionError("unreachable")


def _answers_again(workspace: Workspace) -> bool:
    """Wait (up to ``RECONNECT_PAUSE_S``) until the server takes connections again."""
    deadline = time.monotonic() + RECONNECT_PAUSE_S
    while True:
        try:
            with workspace.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
            return True
        except DBAPIError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.25)


def resume(workspace: Workspace, evaluator: str, now: datetime | None = None) -> list[Claim]:
    """The evaluator's claims still active (after a crash or on another machine), renewed."""
    evaluator = evaluator_id(evaluator)
    moment = now or _now()

    def renew_all() -> list[Claim]:
        with store.write_transaction(workspace.engine) as connection:
            claims = store.active_claims(connection, evaluator)
            for claim in claims:
                store.renew(connection, _held(connection, claim.bundle.sha256, evaluator), moment)
            return claims

    return _once_more_if_disconnected(workspace, renew_all)


def renew(workspace: Workspace, evaluator: str, sha256: str, now: datetime | None = None) -> None:
    """Keep the evaluator's claim on the bundle: they are still working on it."""
    evaluator = evaluator_id(evaluator)

    def extend() -> None:
        with store.write_transaction(workspace.engine) as connection:
            store.renew(connection, _held(connection, sha256, evaluator), now or _now())

    _once_more_if_disconnected(workspace, extend)


def _sweep_if_due(workspace: Workspace, cutoff: datetime) -> None:
    """Expire stale claims unless this workspace did so for a cutoff under a minute away.

    Sweeping before every claim would double each claim's work on a busy centre;
    a claim going stale a minute late does not matter against hours of grace.
    """
    last = _last_sweep.get(workspace.engine)
    if last is not None and abs(cutoff - last) < _SWEEP_EVERY:
        return
    with store.write_transaction(workspace.engine) as connection:
        store.expire_stale(connection, cutoff)
    _last_sweep[workspace.engine] = cutoff


def expire_stale(
    workspace: Workspace, stale_after: timedelta = DEFAULT_STALE_AFTER, now: datetime | None = None
) -> int:
    """Return claims older than ``stale_after`` to the queue; how many there were."""
    with store.write_transaction(workspace.engine) as connection:
        return store.expire_stale(connection, (now or _now()) - stale_after)


def _held(connection: Connection, sha256: str, evaluator: str) -> store.HeldSlot:
    held = store.lock_active(connection, sha256, evaluator)
    if held is not None:
        return held
    if store.find_bundle(connection, sha256) is None:
        raise ReviewQueueError(f"No bundle with hash {sha256} is in the review queue.")
    status = store.assignment_status(connection, sha256, evaluator)
    reasons = {
        "completed": "has already scored this bundle",
        "expired": "held a claim on this bundle that expired; claim again",
        "released": "released this bundle; claim again",
    }
    reason = reasons.get(status or "", "has not claimed this bundle")
    raise ReviewQueueError(f"{evaluator} {reason}.")


def release(workspace: Workspace, evaluator: str, sha256: str) -> None:
    """Give a claimed slot back to the queue unscored."""
    evaluator = evaluator_id(evaluator)

    def give_back() -> None:
        with store.write_transaction(workspace.engine) as connection:
            store.release(connection, _held(connection, sha256, evaluator))

    _once_more_if_disconnected(workspace, give_back)


def _units(workspace: Workspace, bundle: QueuedBundle) -> tuple[Unit, ...]:
    credential = workspace_catalog(workspace).get(bundle.credential_id, bundle.credential_version)
    if credential is None:
        raise ReviewQueueError(
            f"The catalog has no credential {bundle.credential_id} version "
            f"{bundle.credential_version}; import it before scoring its bundles."
        )
    units = credential.units_in_scope(bundle.unit_id)
    if not units:
        raise ReviewQueueError(
            f"The credential {bundle.credential_id} has no unit {bundle.unit_id}; "
            "this bundle cannot be scored against its rubric."
        )
    return units


def _check_scores(units: tuple[Unit, ...], scores: Mapping[str, str]) -> None:
    levels: dict[str, list[str]] = {
        c.id: [lvl.id for lvl in u.rubric.levels] for u in units for c in u.rubric.criteria
    }
    missing = sorted(levels.keys() - scores.keys())
    unknown = sorted(scores.keys() - levels.keys())
    if unknown:
        raise ReviewQueueError(
            f"The rubric has no criterion {', '.join(unknown)}; its criteria are "
            f"{', '.join(levels)}."
        )
    if missing:
        raise ReviewQueueError(f"Score every criterion; missing: {', '.join(missing)}.")
    for criterion, level in scores.items():
        if level not in levels[criterion]:
            raise ReviewQueueError(
                f"{criterion}: {level!r} is not a level of the rubric "
                f"({', '.join(levels[criterion])})."
            )


def complete(
    workspace: Workspace,
    evaluator: str,
    sha256: str,
    scores: Mapping[str, str],
    now: datetime | None = None,
) -> None:
    """Record the evaluator's level for every criterion and close their slot."""
    evaluator = evaluator_id(evaluator)
    with workspace.engine.connect() as connection:
        bundle = store.find_bundle(connection, sha256)
    if bundle is None:
        raise ReviewQueueError(f"No bundle with hash {sha256} is in the review queue.")
    _check_scores(_units(workspace, bundle), scores)

    def record() -> None:
        with store.write_transaction(workspace.engine) as connection:
            store.complete(connection, _held(connection, sha256, evaluator), scores, now or _now())

    _once_more_if_disconnected(workspace, record)


def complete_from_review(
    workspace: Workspace, evaluator: str, review: Review, now: datetime | None = None
) -> dict[str, str]:
    """Record the levels of her review (as the window has saved it) for the claimed bundle
    it is a review of; the levels recorded."""
    scores = {str(s.criterion): str(s.level) for s in review.scores}
    complete(workspace, evaluator, review.bundle_sha256, scores, now)
    return scores


def queue(workspace: Workspace) -> list[QueueEntry]:
    with workspace.engine.connect() as connection:
        return store.list_queue(connection)


@dataclass(frozen=True)
class MyQueue:
    """What one evaluator sees of the centre: her claims, and how many bundles wait for her."""

    claims: list[Claim]
    waiting: int  # bundles with an open slot she holds no slot of


def my_queue(workspace: Workspace, evaluator: str, now: datetime | None = None) -> MyQueue:
    """The evaluator's claims (renewed, as looking at them means she is at work) and the
    number of bundles she could claim next."""
    claims = resume(workspace, evaluator, now)
    me = evaluator_id(evaluator)
    waiting = sum(
        1
        for entry in queue(workspace)
        if any(s.status == "open" for s in entry.slots)
        and not any(s.evaluator == me for s in entry.slots)
    )
    return MyQueue(claims, waiting)


@dataclass(frozen=True)
class AgreementLine:
    credential_id: str
    credential_version: str
    agreement: CriterionAgreement

    def to_dict(self) -> dict[str, Any]:
        return {
            "credential": self.credential_id,
            "version": self.credential_version,
            **asdict(self.agreement),
        }


def agreement_report(workspace: Workspace, weighted: bool = False) -> list[AgreementLine]:
    """Exact agreement and kappa per criterion over every bundle scored twice.

    With ``weighted``, also the linear-weighted kappa on the rubric's level scale.
    """
    with workspace.engine.connect() as connection:
        rows = store.completed_scores(connection)
    by_bundle: dict[tuple[str, str, str, str], dict[int, str]] = {}
    for row in rows:
        key = (row.credential_id, row.credential_version, row.criterion_id, row.bundle_sha256)
        by_bundle.setdefault(key, {})[row.slot] = row.level
    pairs: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for (credential, version, criterion, _sha256), by_slot in by_bundle.items():
        if len(by_slot) == 2:
            pairs.setdefault((credential, version, criterion), []).append((by_slot[1], by_slot[2]))
    catalog = workspace_catalog(workspace) if weighted else None
    report = []
    for (credential, version, criterion), found in sorted(pairs.items()):
        scale = _scale(catalog.get(credential, version), criterion) if catalog else None
        report.append(AgreementLine(credential, version, agreement(criterion, found, scale)))
    return report


def _scale(credential: Credential | None, criterion: str) -> list[str] | None:
    """The rubric's levels, lowest first, for the unit that holds ``criterion``."""
    if credential is None:
        return None
    for unit in credential.units:
        if any(c.id == criterion for c in unit.rubric.criteria):
            return [lvl.id for lvl in unit.rubric.levels]
    return None

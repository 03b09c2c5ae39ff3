"""The review queue's reads and writes, each inside one short write transaction.

Claims rely on the database's own locking, never on a lock in this process, so
any number of machines can claim from one PostgreSQL database: a claimer locks
one open slot with ``SELECT … FOR UPDATE SKIP LOCKED`` (others skip it rather
than wait), and on SQLite every write transaction starts with ``BEGIN
IMMEDIATE`` so there is only ever one writer. The partial unique indexes on
``review_assignments`` back both rules up: a slot is held once, and an evaluator
never holds both slots of a bundle.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    Table,
    bindparam,
    exists,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from evidencekit.domain.review_queue import (
    SLOTS,
    Claim,
    QueuedBundle,
    QueueEntry,
    SlotState,
)
from evidencekit.storage.models import (
    HOLDING_STATUSES,
    ReviewAssignment,
    ReviewBundle,
    ReviewScore,
    ReviewSlot,
)
from evidencekit.storage.row_mapping import utc_moment

# Declarative classes type __table__ as any FROM clause; these are plain tables.
BUNDLES = cast(Table, ReviewBundle.__table__)
SLOT_ROWS = cast(Table, ReviewSlot.__table__)
ASSIGNMENTS = cast(Table, ReviewAssignment.__table__)
SCORES = cast(Table, ReviewScore.__table__)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A short transaction that may write: committed on success, rolled back on error."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    # pysqlite would begin a deferred transaction, which takes the write lock only at
    # the first write; two such readers can then both decide on the same open slot.
    # IMMEDIATE takes the lock up front (waiting up to busy_timeout for it).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.exec_driver_sql("ROLLBACK")
            raise
        connection.exec_driver_sql("COMMIT")


@contextmanager
def claim_transaction(engine: Engine) -> Iterator[Connection]:
    """Where ``claim`` runs: on PostgreSQL it is one statement, atomic by itself, so it
    goes without BEGIN and COMMIT round trips; elsewhere a write transaction."""
    if engine.dialect.name != "postgresql":
        with write_transaction(engine) as connection:
            yield connection
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        yield connection


def _bundle_columns() -> list[ColumnElement]:
    """The bundle's columns, its id labelled so it never clashes with a joined table's."""
    return [BUNDLES.c.id.label("bundle_id"), *(c for c in BUNDLES.c if c.name != "id")]


def _bundle(row: Row) -> QueuedBundle:
    return QueuedBundle(
        row.sha256,
        row.file_name,
        row.location,
        row.credential_id,
        row.credential_version,
        row.unit_id,
        row.attempt,
        row.candidate_pseudonym,
    )


def add_bundle(connection: Connection, bundle: QueuedBundle, now: datetime) -> bool:
    """Queue a bundle with its two open slots; False if it is queued already."""
    known = connection.execute(select(BUNDLES.c.id).where(BUNDLES.c.sha256 == bundle.sha256))
    if known.first() is not None:
        return False
    bundle_id = connection.execute(
        insert(BUNDLES).values(**bundle.to_dict(), submitted_at=now).returning(BUNDLES.c.id)
    ).scalar_one()
    connection.execute(
        insert(SLOT_ROWS), [{"bundle_id": bundle_id, "slot": s, "status": "open"} for s in SLOTS]
    )
    return True


def expire_stale(connection: Connection, cutoff: datetime) -> int:
    """Active claims last renewed before ``cutoff`` give their slot back to the queue."""
    stale = connection.execute(
        select(ASSIGNMENTS.c.id, ASSIGNMENTS.c.bundle_id, ASSIGNMENTS.c.slot)
        .where(ASSIGNMENTS.c.status == "active", ASSIGNMENTS.c.renewed_at < cutoff)
        .order_by(ASSIGNMENTS.c.id)
        # Another claimer expiring the same rows at this moment takes care of them.
        .with_for_update(skip_locked=True)
    ).all()
    for row in stale:
        _end_assignment(connection, row.id, row.bundle_id, row.slot, "expired", "open")
    return len(stale)


def _end_assignment(
    connection: Connection, assignment_id: int, bundle_id: int, slot: int, status: str, slot_to: str
) -> None:
    connection.execute(
        update(ASSIGNMENTS).where(ASSIGNMENTS.c.id == assignment_id).values(status=status)
    )
    connection.execute(
        update(SLOT_ROWS)
        .where(SLOT_ROWS.c.bundle_id == bundle_id, SLOT_ROWS.c.slot == slot)
        .values(status=slot_to)
    )


def _not_holding(evaluator: ColumnElement) -> ColumnElement:
    """True for slots of bundles the evaluator holds no slot of."""
    return ~exists().where(
        ASSIGNMENTS.c.bundle_id == SLOT_ROWS.c.bundle_id,
        ASSIGNMENTS.c.evaluator == evaluator,
        ASSIGNMENTS.c.status.in_(HOLDING_STATUSES),
    )


def _oldest_open_slot(evaluator: ColumnElement) -> Select:
    return (
        select(SLOT_ROWS.c.id, SLOT_ROWS.c.slot)
        .join(BUNDLES, BUNDLES.c.id == SLOT_ROWS.c.bundle_id)
        .where(SLOT_ROWS.c.status == "open", _not_holding(evaluator))
        .order_by(BUNDLES.c.submitted_at, BUNDLES.c.id, SLOT_ROWS.c.slot)
        .limit(1)
        # Other claimers skip the row this one is taking rather than wait for it.
        .with_for_update(of=SLOT_ROWS, skip_locked=True)
    )


def _claim_statement() -> Select:
    """Pick, mark and assign a slot in one PostgreSQL statement (data-modifying CTEs):
    one round trip per claim keeps claims fast when twenty machines claim at once."""
    evaluator = bindparam("evaluator", type_=ASSIGNMENTS.c.evaluator.type)
    now = bindparam("now", type_=ASSIGNMENTS.c.claimed_at.type)
    pick = _oldest_open_slot(evaluator).cte("pick")
    taken = (
        update(SLOT_ROWS)
        .where(SLOT_ROWS.c.id == pick.c.id)
        .values(status="claimed")
        .returning(SLOT_ROWS.c.bundle_id, SLOT_ROWS.c.slot)
        .cte("taken")
    )
    held = (
        insert(ASSIGNMENTS)
        .from_select(
            ["bundle_id", "slot", "evaluator", "claimed_at", "renewed_at", "status"],
            select(taken.c.bundle_id, taken.c.slot, evaluator, now, now, literal("active")),
        )
        .returning(ASSIGNMENTS.c.bundle_id, ASSIGNMENTS.c.slot)
        .cte("held")
    )
    return select(held.c.slot, *_bundle_columns()).join(BUNDLES, BUNDLES.c.id == held.c.bundle_id)


_CLAIM_IN_ONE_STATEMENT = _claim_statement()


def claim(connection: Connection, evaluator: str, now: datetime) -> Claim | None:
    """The oldest open slot of a bundle this evaluator holds no slot of, now theirs."""
    if connection.dialect.name == "postgresql":
        row = connection.execute(
            _CLAIM_IN_ONE_STATEMENT, {"evaluator": evaluator, "now": now}
        ).first()
        return None if row is None else Claim(_bundle(row), row.slot, evaluator, now)
    picked = connection.execute(
        _oldest_open_slot(literal(evaluator)).add_columns(*_bundle_columns())
    ).first()
    if picked is None:
        return None
    connection.execute(
        update(SLOT_ROWS).where(SLOT_ROWS.c.id == picked.id).values(status="claimed")
    )
    connection.execute(
        insert(ASSIGNMENTS).values(
            bundle_id=picked.bundle_id,
            slot=picked.slot,
            evaluator=evaluator,
            claimed_at=now,
            renewed_at=now,
            status="active",
        )
    )
    return Claim(_bundle(picked), picked.slot, evaluator, now)


def active_claims(
    connection: Connection, evaluator: str, claimed_at: datetime | None = None
) -> list[Claim]:
    """The evaluator's active claims, oldest first (only the one made at ``claimed_at``)."""
    query = (
        select(ASSIGNMENTS.c.slot, ASSIGNMENTS.c.claimed_at, *_bundle_columns())
        .join(BUNDLES, BUNDLES.c.id == ASSIGNMENTS.c.bundle_id)
        .where(ASSIGNMENTS.c.evaluator == evaluator, ASSIGNMENTS.c.status == "active")
        .order_by(ASSIGNMENTS.c.id)
    )
    if claimed_at is not None:
        query = query.where(ASSIGNMENTS.c.claimed_at == claimed_at)
    return [
        Claim(_bundle(r), r.slot, evaluator, utc_moment(r.claimed_at))
        for r in connection.execute(query)
    ]


def renew(connection: Connection, held: HeldSlot, now: datetime) -> None:
    """Extend the claim's lease: the evaluator is still at work on it."""
    connection.execute(
        update(ASSIGNMENTS).where(ASSIGNMENTS.c.id == held.assignment_id).values(renewed_at=now)
    )


@dataclass(frozen=True)
class HeldSlot:
    assignment_id: int
    bundle_id: int
    slot: int
    bundle: QueuedBundle


def find_bundle(connection: Connection, sha256: str) -> QueuedBundle | None:
    row = connection.execute(select(BUNDLES).where(BUNDLES.c.sha256 == sha256)).first()
    return _bundle(row) if row else None


def assignment_status(connection: Connection, sha256: str, evaluator: str) -> str | None:
    """The latest status of this evaluator's assignment on the bundle, if any."""
    return connection.execute(
        select(ASSIGNMENTS.c.status)
        .join(BUNDLES, BUNDLES.c.id == ASSIGNMENTS.c.bundle_id)
        .where(BUNDLES.c.sha256 == sha256, ASSIGNMENTS.c.evaluator == evaluator)
        .order_by(ASSIGNMENTS.c.id.desc())
        .limit(1)
    ).scalar()


def lock_active(connection: Connection, sha256: str, evaluator: str) -> HeldSlot | None:
    """The evaluator's active claim on the bundle, locked against expiry meanwhile."""
    row = connection.execute(
        select(ASSIGNMENTS.c.id.label("assignment_id"), ASSIGNMENTS.c.slot, *_bundle_columns())
        .join(BUNDLES, BUNDLES.c.id == ASSIGNMENTS.c.bundle_id)
        .where(
            BUNDLES.c.sha256 == sha256,
            ASSIGNMENTS.c.evaluator == evaluator,
            ASSIGNMENTS.c.status == "active",
        )
        .with_for_update(of=ASSIGNMENTS)
    ).first()
    if row is None:
        return None
    return HeldSlot(row.assignment_id, row.bundle_id, row.slot, _bundle(row))


def release(connection: Connection, held: HeldSlot) -> None:
    _end_assignment(connection, held.assignment_id, held.bundle_id, held.slot, "released", "open")


def complete(
    connection: Connection, held: HeldSlot, scores: Mapping[str, str], now: datetime
) -> None:
    connection.execute(
        insert(SCORES),
        [
            {"assignment_id": held.assignment_id, "criterion_id": c, "level": lvl}
            for c, lvl in sorted(scores.items())
        ],
    )
    connection.execute(
        update(ASSIGNMENTS)
        .where(ASSIGNMENTS.c.id == held.assignment_id)
        .values(status="completed", completed_at=now)
    )
    connection.execute(
        update(SLOT_ROWS)
        .where(SLOT_ROWS.c.bundle_id == held.bundle_id, SLOT_ROWS.c.slot == held.slot)
        .values(status="done")
    )


def list_queue(connection: Connection) -> list[QueueEntry]:
    """Every queued bundle, oldest first, with who holds each slot."""
    holders = {
        (r.bundle_id, r.slot): r.evaluator
        for r in connection.execute(
            select(ASSIGNMENTS.c.bundle_id, ASSIGNMENTS.c.slot, ASSIGNMENTS.c.evaluator).where(
                ASSIGNMENTS.c.status.in_(HOLDING_STATUSES)
            )
        )
    }
    slots: dict[int, list[SlotState]] = {}
    for r in connection.execute(select(SLOT_ROWS).order_by(SLOT_ROWS.c.slot)):
        slots.setdefault(r.bundle_id, []).append(
            SlotState(r.slot, r.status, holders.get((r.bundle_id, r.slot)))
        )
    rows = connection.execute(select(BUNDLES).order_by(BUNDLES.c.submitted_at, BUNDLES.c.id))
    return [
        QueueEntry(_bundle(r), utc_moment(r.submitted_at), tuple(slots.get(r.id, ()))) for r in rows
    ]


@dataclass(frozen=True)
class ScoreRow:
    bundle_sha256: str
    credential_id: str
    credential_version: str
    unit_id: str | None
    slot: int
    criterion_id: str
    level: str


def completed_scores(connection: Connection) -> list[ScoreRow]:
    """Every score of every completed review."""
    rows = connection.execute(
        select(
            BUNDLES.c.sha256,
            BUNDLES.c.credential_id,
            BUNDLES.c.credential_version,
            BUNDLES.c.unit_id,
            ASSIGNMENTS.c.slot,
            SCORES.c.criterion_id,
            SCORES.c.level,
        )
        .select_from(SCORES)
        .join(ASSIGNMENTS, ASSIGNMENTS.c.id == SCORES.c.assignment_id)
        .join(BUNDLES, BUNDLES.c.id == ASSIGNMENTS.c.bundle_id)
        .where(ASSIGNMENTS.c.status == "completed")
        .order_by(BUNDLES.c.id, SCORES.c.criterion_id, ASSIGNMENTS.c.slot)
    )
    return [ScoreRow(*r) for r in rows]

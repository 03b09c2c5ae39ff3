"""The review queue's guarantees hold in the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from evidencekit.storage import review_queue as store
from evidencekit.storage.workspace import Workspace
from tests.services.review_fixtures import queued

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
A = store.ASSIGNMENTS


def _bundle_id(workspace: Workspace) -> int:
    with store.write_transaction(workspace.engine) as connection:
        assert store.add_bundle(connection, queued(1), NOW)
        assert not store.add_bundle(connection, queued(1), NOW)
        return connection.execute(select(store.BUNDLES.c.id)).scalar_one()


def _assign(workspace: Workspace, bundle_id: int, slot: int, evaluator: str, status: str) -> None:
    with store.write_transaction(workspace.engine) as connection:
        connection.execute(
            insert(A).values(
                bundle_id=bundle_id,
                slot=slot,
                evaluator=evaluator,
                claimed_at=NOW,
                renewed_at=NOW,
                completed_at=NOW if status == "completed" else None,
                status=status,
            )
        )


def test_a_slot_is_held_once(any_workspace: Workspace) -> None:
    bundle = _bundle_id(any_workspace)
    _assign(any_workspace, bundle, 1, "Ada", "active")
    with pytest.raises(IntegrityError):
        _assign(any_workspace, bundle, 1, "Bob", "active")
    with pytest.raises(IntegrityError):
        _assign(any_workspace, bundle, 1, "Bob", "completed")
    # Once the claim is over (expired), the slot may be given again.
    with store.write_transaction(any_workspace.engine) as connection:
        connection.execute(update(A).values(status="expired"))
    _assign(any_workspace, bundle, 1, "Bob", "active")


def test_an_evaluator_never_holds_both_slots(any_workspace: Workspace) -> None:
    bundle = _bundle_id(any_workspace)
    _assign(any_workspace, bundle, 1, "Ada", "completed")
    with pytest.raises(IntegrityError):
        _assign(any_workspace, bundle, 2, "Ada", "active")
    _assign(any_workspace, bundle, 2, "Bob", "active")


@pytest.mark.parametrize(
    ("slot", "status"),
    [
        (3, "active"),  # a bundle has two slots
        (1, "lost"),  # unknown status
        (1, "completed-without-time"),
    ],
)
def test_bad_assignments_are_refused(any_workspace: Workspace, slot: int, status: str) -> None:
    bundle = _bundle_id(any_workspace)
    values = {"bundle_id": bundle, "slot": slot, "evaluator": "Ada", "claimed_at": NOW}
    if status == "completed-without-time":
        values |= {"status": "completed", "completed_at": None}
    else:
        values |= {"status": status}
    with pytest.raises(IntegrityError), store.write_transaction(any_workspace.engine) as conn:
        conn.execute(insert(A).values(**values))


def test_failed_transaction_leaves_nothing(any_workspace: Workspace) -> None:
    with (
        pytest.raises(IntegrityError),
        store.write_transaction(any_workspace.engine) as connection,
    ):
        store.add_bundle(connection, queued(1), NOW)
        connection.execute(insert(store.SLOT_ROWS).values(bundle_id=999_999, slot=1, status="open"))
    with any_workspace.engine.connect() as connection:
        assert store.list_queue(connection) == []

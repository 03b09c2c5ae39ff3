"""Alembic environment: always run in-process on a connection the app hands over."""

from __future__ import annotations

from alembic import context

from evidencekit.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()

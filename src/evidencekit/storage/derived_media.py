"""Looking up and recording derived files (see ``models.DerivedMedia``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evidencekit.storage.models import DerivedMedia
from evidencekit.storage.repository import ensure_media_blob


def find_derived(session: Session, source_sha256: str, recipe: str) -> tuple[str, int] | None:
    """The derived file's SHA-256 and size, if this recipe was applied to the source before."""
    row = session.get(DerivedMedia, (source_sha256, recipe))
    return None if row is None else (row.derived_sha256, row.size_bytes)


def record_derived(
    session: Session, source_sha256: str, recipe: str, derived_sha256: str, size_bytes: int
) -> None:
    ensure_media_blob(session, derived_sha256, size_bytes)
    row = session.get(DerivedMedia, (source_sha256, recipe))
    if row is None:
        session.add(
            DerivedMedia(
                source_sha256=source_sha256,
                recipe=recipe,
                derived_sha256=derived_sha256,
                size_bytes=size_bytes,
            )
        )
    else:
        row.derived_sha256, row.size_bytes = derived_sha256, size_bytes


def forget_derived(session: Session, source_sha256: str, recipe: str) -> None:
    """Drop a record whose file has gone missing from the store, so it is made again."""
    row = session.get(DerivedMedia, (source_sha256, recipe))
    if row is not None:
        session.delete(row)

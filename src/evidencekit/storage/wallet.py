"""The wallet's credentials in the database, kept verbatim as they arrived."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from evidencekit.domain.wallet import WalletEntry
from evidencekit.storage.models import WalletCredential


def _entry(row: WalletCredential) -> WalletEntry:
    return WalletEntry(row.id, row.title, row.valid_from, row.issuer, row.sha256, row.bundle_sha256)


def has_credential(session: Session, sha256: str) -> bool:
    found = session.scalars(select(WalletCredential.id).where(WalletCredential.sha256 == sha256))
    return found.first() is not None


def add_credential(
    session: Session,
    *,
    sha256: str,
    achievement_id: str,
    title: str,
    issuer: str,
    valid_from: str,
    bundle_sha256: str | None,
    document: str,
) -> WalletEntry:
    row = WalletCredential(
        sha256=sha256,
        achievement_id=achievement_id,
        title=title,
        issuer=issuer,
        valid_from=valid_from,
        bundle_sha256=bundle_sha256,
        document=document,
    )
    session.add(row)
    session.flush()
    return _entry(row)


def entries(session: Session) -> list[WalletEntry]:
    rows = session.scalars(select(WalletCredential).order_by(WalletCredential.id))
    return [_entry(row) for row in rows]


def document(session: Session, entry_id: int) -> str | None:
    """The credential's JSON as it arrived, or None if there is no such entry."""
    row = session.get(WalletCredential, entry_id)
    return row.document if row is not None else None

"""How many students are tagged as seen or heard in one clip: face redaction compares it with
the faces it found, so a clip where fewer faces were found than people are in it says so."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from evidencekit.storage.models import EvidenceStudent


def people_tagged(session: Session, evidence_id: int) -> int:
    query = select(func.count()).where(EvidenceStudent.evidence_id == evidence_id)
    return int(session.execute(query).scalar_one())

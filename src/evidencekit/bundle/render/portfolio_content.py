"""What the portfolio PDF and the browser viewer show: one submission, ready to render."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from evidencekit.domain.catalog import Credential
from evidencekit.domain.ids import EvidenceId
from evidencekit.domain.preflight import Finding
from evidencekit.domain.submissions import Attempt, Submission


@dataclass(frozen=True)
class PortfolioContent:
    credential: Credential
    submission: Submission
    attempt: Attempt
    evidence: list[Any]
    findings: list[Finding]
    dated: date  # printed on the cover; fixed per attempt so output is reproducible
    stills: dict[EvidenceId, bytes] = field(default_factory=dict)  # JPEG per clip
    consent_counts: dict[str, int] | None = None  # e.g. {"students": 24, "video": 22}
    candidate: str | None = None  # the teacher's name; left out for blind review
    draft: bool = False  # a draft for coaching: marked as such, its blocking findings listed

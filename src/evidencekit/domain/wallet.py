"""What the wallet lists of a credential the teacher earned."""

from __future__ import annotations

from dataclasses import dataclass

from evidencekit.domain.credentials import short_code


@dataclass(frozen=True)
class WalletEntry:
    id: int
    title: str
    issued: str
    issuer: str  # the evaluator's key fingerprint
    sha256: str
    bundle_sha256: str | None

    @property
    def short_code(self) -> str:
        return short_code(self.sha256)

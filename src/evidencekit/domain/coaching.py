"""Drafts for coaching: an unfinished submission packed so a coach can comment on it.

The mark lives in the bundle's signed metadata (``draft``), so it cannot be removed
without breaking the seal. A draft is never scored: every path that would evaluate a
bundle refuses it with ``DraftNotForScoring``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evidencekit.domain.errors import EvidenceKitError

DRAFT_PURPOSE = "coaching"
DRAFT_LABEL = "Draft for coaching"


class DraftNotForScoring(EvidenceKitError):
    """A draft for coaching reached a path that scores bundles; nothing was opened."""

    exit_code = 1  # a bundle refused, like any other rejected bundle

    def __init__(self, bundle_name: str) -> None:
        self.bundle_name = bundle_name
        super().__init__(
            f"{bundle_name} is a draft for coaching: a coach can comment on it, "
            "but it cannot be scored."
        )


def draft_mark(open_findings: list[tuple[str, str]]) -> dict[str, Any]:
    """The metadata's ``draft`` object: its purpose and what still blocks sealing."""
    return {
        "purpose": DRAFT_PURPOSE,
        "open_findings": [{"code": code, "message": message} for code, message in open_findings],
    }


def is_coaching_draft(metadata: Mapping[str, Any] | None) -> bool:
    return metadata is not None and "draft" in metadata


def open_findings(metadata: Mapping[str, Any]) -> list[str]:
    """The messages of what the teacher still has to do, as the draft states them."""
    draft = metadata.get("draft") or {}
    return [str(item["message"]) for item in draft.get("open_findings", [])]


def refuse_if_draft(bundle_name: str, metadata: Mapping[str, Any] | None) -> None:
    if is_coaching_draft(metadata):
        raise DraftNotForScoring(bundle_name)

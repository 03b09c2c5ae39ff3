"""Bundles and queue entries for review-centre tests."""

from __future__ import annotations

import json
from pathlib import Path

from evidencekit.bundle.packer import PackSpec, PayloadItem, pack_bundle
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.domain.coaching import draft_mark
from evidencekit.domain.review_queue import QueuedBundle
from tests.bundle.pack_fixtures import TEACHER

CREDENTIAL = "checking-for-understanding"
UNIT = "questioning"
CRITERIA = ("q-design", "q-wait", "q-response")


def queued(n: int, unit: str | None = UNIT) -> QueuedBundle:
    """A queue entry as if bundle ``n`` had been verified (distinct hash per n)."""
    return QueuedBundle(
        sha256=f"{n:064x}",
        file_name=f"bundle-{n}.evkit",
        location=f"/shared/inbox/bundle-{n}.evkit",
        credential_id=CREDENTIAL,
        credential_version="1.0",
        unit_id=unit,
        attempt=1,
        candidate_pseudonym=f"cand-{n:04d}",
    )


def metadata(n: int, unit: str, candidate: dict[str, str], draft: bool = False) -> bytes:
    document: dict = {
        "schema_version": 1,
        "app_version": "0.1.0",
        "credential": {
            "id": CREDENTIAL,
            "version": "1.0",
            "title": "Checking for Understanding",
            "unit": unit,
        },
        "submission": {
            "title": f"Lesson {n}",
            "attempt": 2,
            "signer": fingerprint(TEACHER.public_key()),
        },
        "candidate": candidate,
        "evidence": [{"slot": "q-reflection", "kind": "text", "title": "Reflection", "words": 3}],
        "warnings": [],
    }
    if draft:
        document["draft"] = draft_mark([("consent-missing", "Confirm the consent statement.")])
    return json.dumps(document, sort_keys=True).encode()


def review_bundle(
    folder: Path,
    n: int,
    unit: str = UNIT,
    candidate: dict[str, str] | None = None,
    draft: bool = False,
) -> Path:
    """A sealed bundle that verifies, blind (pseudonym only) unless told otherwise; with
    ``draft``, a draft for coaching."""
    candidate = candidate or {"pseudonym": f"cand-{n:04d}"}
    spec = PackSpec(
        (
            PayloadItem("data/text/q-reflection.md", f"Reflection number {n}.\n".encode()),
            PayloadItem("data/submission.json", metadata(n, unit, candidate, draft)),
        ),
        (
            ("Bagging-Date", "2026-11-22"),
            ("Bag-Software-Agent", "EvidenceKit 0.1.0"),
            ("EvidenceKit-Signer", fingerprint(TEACHER.public_key())),
        ),
    )
    return pack_bundle(spec, folder / f"bundle-{n}.evkit", TEACHER).path

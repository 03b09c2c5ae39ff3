"""Inputs for packing tests: a small but complete submission whose bundle verifies."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.packer import PackSpec, PayloadItem
from evidencekit.bundle.signing.seal import fingerprint

TEACHER = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"teacher").digest())
ESSAY = b"## Reflection\n\nWaiting five seconds brought more hands up.\n"


def clip(folder: Path, size: int = 1_500_000, seed: int = 1) -> Path:
    """Random bytes standing in for a video: incompressible, like the real thing."""
    path = folder / f"clip-{seed}.mp4"
    if not path.exists():
        path.write_bytes(random.Random(seed).randbytes(size))
    return path


def metadata(video: Path, signer: Ed25519PrivateKey = TEACHER) -> bytes:
    document = {
        "schema_version": 1,
        "app_version": "0.1.0",
        "credential": {
            "id": "checking-for-understanding",
            "version": "1.0",
            "title": "Checking for Understanding",
            "unit": "wait-time",
        },
        "submission": {
            "title": "Spring, Grade 5",
            "attempt": 1,
            "signer": fingerprint(signer.public_key()),
        },
        "evidence": [
            {
                "slot": "q-clip",
                "kind": "clip",
                "title": "Wait time in a maths lesson",
                "path": "data/video/q-clip-1.mp4",
                "sha256": hashlib.sha256(video.read_bytes()).hexdigest(),
                "size_bytes": video.stat().st_size,
                "duration_s": 12.5,
                "has_audio": True,
            },
            {"slot": "q-reflection", "kind": "text", "title": "Reflection", "words": 8},
        ],
        "warnings": [],
    }
    return json.dumps(document, indent=2, sort_keys=True).encode()


def submission_spec(folder: Path, signer: Ed25519PrivateKey = TEACHER) -> PackSpec:
    video = clip(folder)
    return PackSpec(
        (
            PayloadItem("data/video/q-clip-1.mp4", video),
            PayloadItem("data/text/q-reflection.md", ESSAY),
            PayloadItem("data/submission.json", metadata(video, signer)),
        ),
        (
            ("Bagging-Date", "2026-11-22"),
            ("Bag-Software-Agent", "EvidenceKit 0.1.0"),
            ("EvidenceKit-Credential", "checking-for-understanding 1.0"),
            ("EvidenceKit-Unit", "wait-time"),
            ("EvidenceKit-Attempt", "1"),
            ("EvidenceKit-Signer", fingerprint(signer.public_key())),
        ),
    )

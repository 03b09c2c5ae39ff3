"""Verify a bundle of about 1 GiB of video beside a bare SHA-256 pass, in the same run.

The reference is what verification cannot avoid: reading every byte once and hashing
it with Python's hashlib. Our verify also checks the zip's structure and the strict
profile, then hashes every member straight from the archive (CRC-checked, nothing
extracted or written) while hashing the whole file in the same pass, and checks the
seal and the metadata. Goal: at most 2x the reference. A second figure adds what
`verify --json` and review open also ask for, the whole file's SHA-256 (a second
hash of every byte, on another core, in the same pass). Peak memory is the child's
own VmHWM.

    .venv/bin/python benchmarks/bundle_verify.py [MiB] [runs]
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.packer import PackSpec, PayloadItem, pack_bundle
from evidencekit.bundle.signing.seal import fingerprint
from evidencekit.bundle.verify import verify_bundle

CLIP_MIB = 128
CHUNK = 4 << 20


def metadata(clips: list[Path], signer: str) -> bytes:
    """The smallest submission.json the schema accepts for these clips."""
    evidence = [
        {
            "slot": "clip",
            "kind": "clip",
            "title": clip.stem,
            "path": f"data/video/{clip.name}",
            "sha256": "0" * 64,  # verify checks the manifest, not this copy of the hash
            "size_bytes": clip.stat().st_size,
            "duration_s": 60.0,
            "has_audio": True,
        }
        for clip in clips
    ]
    document = {
        "schema_version": 1,
        "app_version": "bench",
        "credential": {"id": "bench", "version": "1", "title": "Bench", "unit": "u"},
        "submission": {"title": "Bench", "attempt": 1, "signer": signer},
        "evidence": evidence,
        "warnings": [],
    }
    return json.dumps(document).encode()


def write_random(path: Path, mib: int) -> None:
    with path.open("wb") as out:
        for _ in range(mib // 4):
            out.write(os.urandom(CHUNK))


def sha256_pass(path: Path) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def child_peak_mib(bundle: Path) -> float:
    code = (
        "import sys; from pathlib import Path; from evidencekit.bundle.verify import "
        "verify_bundle; assert verify_bundle(Path(sys.argv[1])).ok; "
        "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])"
    )
    out = subprocess.run([sys.executable, "-c", code, str(bundle)], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return int(out) / 1024


def main() -> None:
    total_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    work = Path(tempfile.mkdtemp(prefix="evidencekit-bench-"))
    try:
        clips = []
        for n in range(max(1, total_mib // CLIP_MIB)):
            clips.append(work / f"clip-{n}.mp4")
            write_random(clips[-1], CLIP_MIB)
        key = Ed25519PrivateKey.generate()
        signer = fingerprint(key.public_key())
        payload = (
            *(PayloadItem(f"data/video/{c.name}", c) for c in clips),
            PayloadItem("data/submission.json", metadata(clips, signer)),
        )
        spec = PackSpec(payload, (("Bagging-Date", "2026-11-22"), ("EvidenceKit-Signer", signer)))
        bundle = pack_bundle(spec, work / "bench.evkit", key).path
        for clip in clips:
            clip.unlink()  # keep the page cache for the bundle, not its sources

        def ours(identify: bool) -> None:
            verdict = verify_bundle(bundle, {signer}, identify=identify)
            assert verdict.ok, verdict.problems

        ours(False), sha256_pass(bundle)  # warm the cache for both
        triples = [
            (timed(lambda: ours(False)), timed(lambda: ours(True)),
             timed(lambda: sha256_pass(bundle)))
            for _ in range(runs)
        ]  # fmt: skip
        verify_s, identify_s, hash_s = (statistics.median(t[i] for t in triples) for i in range(3))
        size = bundle.stat().st_size
        print(f"bundle: {size / 2**30:.2f} GiB, median of {runs} alternating runs")
        print(f"verify:             {verify_s:6.2f} s")
        print(f"verify + file hash: {identify_s:6.2f} s")
        print(f"sha256:             {hash_s:6.2f} s   (hashlib, one pass over the same bytes)")
        print(f"ratio:              {verify_s / hash_s:6.2f}   (goal <= 2.0)")
        print(f"ratio + file hash:  {identify_s / hash_s:6.2f}")
        print(f"verify peak memory: {child_peak_mib(bundle):.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

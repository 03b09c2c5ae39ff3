"""Pack and verify a bundle of about 1 GiB of video, beside the reference tools.

Pack is compared with `zip -0 -r` over the same files (goal: at most 0.6x its time,
peak memory under 200 MiB); verify with a bare hashlib SHA-256 pass over the bundle's
bytes (goal: at most 2x). Each figure is the median of several runs in this process's
run, so both sides see the same machine at the same moment.

    .venv/bin/python benchmarks/bundle_pack_verify.py [MiB] [runs]
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.packer import PackSpec, PayloadItem, pack_bundle
from evidencekit.bundle.verify import verify_bundle

CLIP_MIB = 128


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def child_peak_mib(code: str, *args: str) -> float:
    """Peak resident memory of a fresh interpreter running ``code``."""
    subprocess.run([sys.executable, "-c", code, *args], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    total_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    work = Path(tempfile.mkdtemp(prefix="evidencekit-bench-"))
    try:
        clips = work / "data" / "video"
        clips.mkdir(parents=True)
        for n in range(max(1, total_mib // CLIP_MIB)):
            (clips / f"clip-{n}.mp4").write_bytes(os.urandom(CLIP_MIB << 20))
        payload = tuple(PayloadItem(f"data/video/{p.name}", p) for p in sorted(clips.iterdir()))
        spec = PackSpec(payload, (("Bagging-Date", "2026-11-22"),))
        key = Ed25519PrivateKey.generate()
        bundle = work / "out.evkit"
        size = sum(p.stat().st_size for p in clips.iterdir())

        def ours() -> None:
            bundle.unlink(missing_ok=True)
            pack_bundle(spec, bundle, key)

        def zip_reference() -> None:
            (work / "ref.zip").unlink(missing_ok=True)
            subprocess.run(
                ["zip", "-q", "-0", "-r", str(work / "ref.zip"), "data"], cwd=work, check=True
            )

        def sha256_reference() -> None:
            digest = hashlib.sha256()
            with bundle.open("rb") as handle:
                while chunk := handle.read(4 << 20):
                    digest.update(chunk)

        def verify() -> None:
            assert verify_bundle(bundle).ok

        pack_s, zip_s = median_time(ours, runs), median_time(zip_reference, runs)
        verify_s, hash_s = median_time(verify, runs), median_time(sha256_reference, runs)
        peak = child_peak_mib(
            "import sys; from pathlib import Path;"
            "from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey;"
            "from evidencekit.bundle.packer import PackSpec, PayloadItem, pack_bundle;"
            "d = Path(sys.argv[1]);"
            "items = tuple(PayloadItem('data/video/' + p.name, p)"
            " for p in sorted((d / 'data' / 'video').iterdir()));"
            "pack_bundle(PackSpec(items, ()), d / 'mem.evkit', Ed25519PrivateKey.generate())",
            str(work),
        )
        print(f"payload: {size / 2**30:.2f} GiB in {len(payload)} files, median of {runs} runs")
        print(
            f"pack:   {pack_s:6.2f} s   zip -0 -r: {zip_s:6.2f} s   ratio {pack_s / zip_s:.2f}"
            "  (goal <= 0.6)"
        )
        print(
            f"verify: {verify_s:6.2f} s   sha256:    {hash_s:6.2f} s   "
            f"ratio {verify_s / hash_s:.2f}"
            "  (goal <= 2.0)"
        )
        print(f"pack peak memory: {peak:.0f} MiB (goal < 200)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Pack (and encrypt) about 1 GiB of video beside the reference tools, in the same run.

- pack vs `zip -q -0 -r` over the same files (goal: at most 0.6x zip's time). Our
  packer also fsyncs the bundle before naming it, which zip does not; a second
  figure adds an fsync to zip's output, so the cost of durability is visible.
- encrypt vs `age -r` on the packed bundle, when the age tool is installed.
- peak memory of a fresh process packing, then encrypting (goal: under 200 MiB).
  Read from the child's own VmHWM: a child's ru_maxrss on Linux starts from its
  parent's peak (it is carried across fork and exec), which would measure us.

Runs alternate ours/reference so both see the same machine, each starting after a
sync (no dirty pages left by the previous run); figures are medians.

    .venv/bin/python benchmarks/bundle_pack.py [MiB] [runs]
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from evidencekit.bundle.packer import PackSpec, PayloadItem, pack_bundle

CLIP_MIB = 128
WRITE_MIB = 4  # write the random clips in small pieces, so this process stays small


def timed(action: Callable[[], None]) -> float:
    # Start each run with no dirty pages: otherwise one tool's run pays for writing
    # back the gigabyte the previous run (often the other tool's) left in the cache.
    os.sync()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def alternate(ours: Callable[[], None], reference: Callable[[], None], runs: int):
    """Medians of ``runs`` alternating timings, after one untimed warm-up of each."""
    ours(), reference()
    pairs = [(timed(ours), timed(reference)) for _ in range(runs)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


CHILD = """
import os, sys, time
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from evidencekit.bundle.packer import PackSpec, PayloadItem, pack_bundle
folder, recipient = Path(sys.argv[1]), sys.argv[2]
items = tuple(PayloadItem("data/video/" + p.name, p) for p in sorted(folder.glob("data/video/*")))
bundle = folder / "mem.evkit"
spec = PackSpec(items, (("Bagging-Date", "2026-11-22"),))
pack_bundle(spec, bundle, Ed25519PrivateKey.generate())
def peak():
    try:
        status = Path("/proc/self/status").read_text().splitlines()
        return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) // 1024
    except OSError:  # not Linux: ru_maxrss (bytes on macOS) is the best there is
        import resource
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return rss // (1 << 20) if sys.platform == "darwin" else rss // 1024
packed = peak()
if recipient:
    from evidencekit.bundle.encryption.age_files import encrypt_bundle
    encrypt_bundle(bundle, [recipient])
print(packed, peak())
"""


def make_clips(folder: Path, total_mib: int) -> int:
    folder.mkdir(parents=True)
    size = 0
    for n in range(max(1, total_mib // CLIP_MIB)):
        with (folder / f"clip-{n}.mp4").open("wb") as out:
            for _ in range(min(CLIP_MIB, total_mib) // WRITE_MIB):
                out.write(os.urandom(WRITE_MIB << 20))
            size += out.tell()
    return size


def main() -> None:
    total_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    if shutil.which("zip") is None:
        sys.exit("This benchmark needs Info-ZIP's zip (apt-get install zip).")
    work = Path(tempfile.mkdtemp(prefix="evidencekit-bench-"))
    try:
        size = make_clips(work / "data" / "video", total_mib)
        clips = sorted((work / "data" / "video").iterdir())
        spec = PackSpec(
            tuple(PayloadItem(f"data/video/{p.name}", p) for p in clips),
            (("Bagging-Date", "2026-11-22"),),
        )
        key = Ed25519PrivateKey.generate()
        bundle, reference = work / "out.evkit", work / "ref.zip"

        def ours() -> None:
            bundle.unlink(missing_ok=True)
            pack_bundle(spec, bundle, key)

        def zip_plain() -> None:
            reference.unlink(missing_ok=True)
            subprocess.run(["zip", "-q", "-0", "-r", str(reference), "data"], cwd=work, check=True)

        def zip_durable() -> None:
            zip_plain()
            with reference.open("rb") as handle:
                os.fsync(handle.fileno())

        pack_s, zip_s = alternate(ours, zip_plain, runs)
        _, zip_sync_s = alternate(ours, zip_durable, max(1, runs // 2))
        print(f"payload: {size / 2**30:.2f} GiB in {len(clips)} files; median of {runs} runs")
        print(f"pack      {pack_s:6.2f} s  {size / pack_s / 2**20:6.0f} MiB/s")
        print(
            f"zip -0 -r {zip_s:6.2f} s  {size / zip_s / 2**20:6.0f} MiB/s   "
            f"ratio pack/zip {pack_s / zip_s:.2f} (goal <= 0.6)"
        )
        print(
            f"zip+fsync {zip_sync_s:6.2f} s                  "
            f"ratio pack/(zip+fsync) {pack_s / zip_sync_s:.2f}"
        )
        recipient = ""
        try:
            from evidencekit.bundle.encryption.age_files import encrypt_bundle, new_age_key
        except ModuleNotFoundError:
            print("encrypt: skipped (pyrage is not installed)")
        else:
            recipient = new_age_key().recipient
            sealed, age_out = work / "out.evkit.age", work / "ref.age"

            def encrypt() -> None:
                sealed.unlink(missing_ok=True)
                encrypt_bundle(bundle, [recipient], sealed)

            def age_tool() -> None:
                age_out.unlink(missing_ok=True)
                command = ["age", "-r", recipient, "-o", str(age_out), str(bundle)]
                subprocess.run(command, check=True)

            if shutil.which("age"):
                enc_s, age_s = alternate(encrypt, age_tool, runs)
                print(
                    f"encrypt   {enc_s:6.2f} s  age -r {age_s:6.2f} s   "
                    f"ratio {enc_s / age_s:.2f} (pyrage; ours also fsyncs)"
                )
            else:
                print(f"encrypt   {statistics.median(timed(encrypt) for _ in range(runs)):6.2f} s")
        bundle.unlink(missing_ok=True)
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(work), recipient],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        packed_mib, encrypted_mib = child.stdout.split()
        print(f"peak memory (fresh process, VmHWM): pack {packed_mib} MiB (goal < 200)", end="")
        print(f", pack then encrypt {encrypted_mib} MiB" if recipient else "")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"(this benchmark process itself peaked at {own} MiB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Face redaction beside deface 1.5.0 (CenterFace), on 720p30 scenes of many people.

Scenes (benchmarks/face_scenes.py): small faces at the back, frontal faces of
48–120 px, tilted heads, heads turned to a neighbour, faces covered by a hand, a
dim noisy room, and a crowd with a camera cut and people walking in from the
edges. Both tools run the whole path in their own process (decode, detect,
hide, encode H.264), one scene at a time, in the same run. Both outputs are then
judged the same way, from the pictures alone:

- recall: per face, the share of the frames it is on screen in which its inner
  part (eyes, nose, mouth) lost its detail (sharpness below a quarter of the
  original's);
- flashes: frames in which a face is shown between frames in which it is hidden;
- lead-in: frames a face is on screen at the start of a scene or on walking in
  before it is first hidden (the worst face);
- false blur: the share of textured background (away from every head) whose
  detail the hiding took away, sampled every fifth frame. Each tool also writes the
  scene once with nothing hidden (EvidenceKit with an empty plan, deface with
  ``--replacewith none``); a block counts only if it lost its detail against that
  copy as well as against the scene, since in the dim, grainy scene deface's encoder
  alone smooths 0.8 % of the background away. Both figures are printed: the hiding's,
  and all loss (in the noisy scene texture is judged against the scene without its
  sensor noise);
- time, processor time and peak memory of each process, and the speed ratios.

Needs deface in the same environment (the `test` extra installs it).
Run: ``.venv/bin/python benchmarks/redaction_bench.py [--scenes 0,2] [--lesson 10]
[--repeat 3]`` (``--repeat``: each tool that many times per scene, taking turns; median
time);
(``--lesson`` adds a longer ordinary lesson, where the speed of long clips shows:
every scene's first frame gets every kind of detection pass, which weighs on the
3-second scenes).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.face_scenes import FPS, Scene, lesson, make_scene, scenes  # noqa: E402

from evidencekit.domain.redaction import Box  # noqa: E402

HIDDEN = 0.25  # sharpness ratio below which a face's inner part counts as hidden
TEXTURED = 60.0  # Laplacian variance of a 16-px block that counts as texture
BLOCK = 16


def ours(source: Path, target: Path) -> None:
    from evidencekit.media.faces.face_tracks import find_faces
    from evidencekit.media.faces.redact_render import render_redacted

    render_redacted(source, target, find_faces(source))


def ours_plain(source: Path, target: Path) -> None:
    """The same writing path with nothing to hide: what the encoder alone does to detail."""
    from evidencekit.domain.redaction import RedactionPlan
    from evidencekit.media.faces.redact_render import render_redacted
    from evidencekit.media.probe import probe

    info = probe(source)
    render_redacted(source, target, RedactionPlan(info.width, info.height, (), (), "none", ""))


@dataclass(frozen=True)
class Cost:
    seconds: float  # wall clock
    cpu: float  # processor seconds, all threads: what the other engineers' jobs change least
    mb: float  # peak resident memory


def _run(cmd: list[str]) -> Cost:
    """What one child process cost."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd[0]} failed: {child.stderr.read().decode()[-800:]}")
    return Cost(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _median(costs: list[Cost]) -> Cost:
    """The median time and processor time, and the largest memory, of several runs."""
    middle = len(costs) // 2
    return Cost(
        sorted(c.seconds for c in costs)[middle],
        sorted(c.cpu for c in costs)[middle],
        max(c.mb for c in costs),
    )


def _grey(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="gray") for f in container.decode(video=0)]


def _detail(frame: np.ndarray, box: Box) -> float:
    x0, y0 = max(0, int(box.x)), max(0, int(box.y))
    x1, y1 = min(frame.shape[1], int(box.x + box.w)), min(frame.shape[0], int(box.y + box.h))
    crop = frame[y0:y1, x0:x1]
    return float(cv2.Laplacian(crop, cv2.CV_64F).var()) if crop.size > 4 else 0.0


@dataclass
class Score:
    recall: list[float]  # per face
    flashes: int
    lead_in: int
    false_blur: float  # detail the hiding took: lost against the texture and the plain encode
    all_loss: float  # detail lost in the output, whatever took it


def score(
    before: list[np.ndarray],
    after: list[np.ndarray],
    truth: list[list[Box | None]],
    texture: list[np.ndarray] | None = None,
    plain: list[np.ndarray] | None = None,
) -> Score:
    """``texture``: the pictures whose detail the background is judged against, when
    ``before`` carries sensor noise (which every encoder smooths away). ``plain``: the same
    tool's output with nothing hidden; a block counts as falsely blurred only when it lost
    its detail against that too (the same measure as for faces), so the encoder's own
    smoothing, and its frame-to-frame jitter, are not charged to the hiding."""
    recall, flashes, lead_in = [], 0, 0
    for boxes in truth:
        hidden = [
            None if b is None else _detail(after[f], b) < HIDDEN * max(_detail(before[f], b), 1e-6)
            for f, b in enumerate(boxes)
        ]
        shown = [h for h in hidden if h is not None]
        recall.append(sum(shown) / len(shown) if shown else 1.0)
        seen = [f for f, h in enumerate(hidden) if h]
        if seen:
            flashes += sum(1 for f in range(seen[0], seen[-1] + 1) if hidden[f] is False)
        first = next((f for f, h in enumerate(hidden) if h is not None), None)
        if first is not None:
            lead_in = max(lead_in, (seen[0] if seen else len(hidden)) - first)
    textured = lost = hid = 0
    for f in range(0, len(before), 5):
        heads = np.zeros(before[f].shape, bool)
        for boxes in truth:
            b = boxes[f]
            if b is not None:  # the whole head and hair around the inner face
                r = 1.6 * max(b.w, b.h)
                x0, y0 = max(0, int(b.cx - r)), max(0, int(b.cy - r))
                heads[y0 : int(b.cy + r), x0 : int(b.cx + r)] = True
        h, w = before[f].shape
        for y in range(0, h - BLOCK + 1, BLOCK):
            for x in range(0, w - BLOCK + 1, BLOCK):
                if heads[y : y + BLOCK, x : x + BLOCK].any():
                    continue
                src = (texture or before)[f][y : y + BLOCK, x : x + BLOCK]
                var = cv2.Laplacian(src, cv2.CV_64F).var()
                if var < TEXTURED:
                    continue
                textured += 1
                out = after[f][y : y + BLOCK, x : x + BLOCK]
                gone = cv2.Laplacian(out, cv2.CV_64F).var() < HIDDEN * var
                lost += gone
                if gone and plain is not None:  # …and lost against what the encoder keeps
                    kept = plain[f][y : y + BLOCK, x : x + BLOCK]
                    gone = cv2.Laplacian(out, cv2.CV_64F).var() < HIDDEN * max(
                        cv2.Laplacian(kept, cv2.CV_64F).var(), 1e-6
                    )
                hid += gone
    return Score(recall, flashes, lead_in, hid / max(textured, 1), lost / max(textured, 1))


def run_scene(
    work: Path, n: int, scene: Scene, deface: list[str], repeat: int
) -> dict[str, object]:
    """Both tools on one scene, ``repeat`` times each, taking turns (the outputs of every run
    are alike: the last is judged)."""
    source = work / f"scene{n}.mp4"
    noiseless = work / f"scene{n}-noiseless.mp4" if scene.noise else None
    truth = make_scene(source, scene, noiseless)
    mine, theirs = work / f"ours{n}.mp4", work / f"deface{n}.mp4"
    runs: dict[str, list[Cost]] = {"ours": [], "deface": []}
    for _ in range(repeat):
        runs["ours"].append(_run([sys.executable, __file__, "--child", str(source), str(mine)]))
        runs["deface"].append(_run([*deface, str(source), "-o", str(theirs)]))
    # Untimed: each tool's writing with nothing hidden (deface detects at a tiny size there,
    # which costs it little; it hides nothing anyway).
    mine_plain, theirs_plain = work / f"ours{n}-plain.mp4", work / f"deface{n}-plain.mp4"
    _run([sys.executable, __file__, "--plain", str(source), str(mine_plain)])
    _run(
        [*deface, "--replacewith", "none", "--scale", "64x36", str(source), "-o", str(theirs_plain)]
    )
    before = _grey(source)
    texture = _grey(noiseless) if noiseless else None
    judged = {
        name: score(before, _grey(out), truth, texture, _grey(plain))
        for name, out, plain in (("ours", mine, mine_plain), ("deface", theirs, theirs_plain))
    }
    return {
        "scene": scene,
        "seconds": len(before) / FPS,
        "ours": (judged["ours"], _median(runs["ours"])),
        "deface": (judged["deface"], _median(runs["deface"])),
    }


def _line(name: str, s: Score, cost: Cost, duration: float) -> str:
    worst = min(s.recall)
    mean = sum(s.recall) / len(s.recall)
    return (
        f"  {name:<11} recall min {worst:.3f} mean {mean:.3f}  flashes {s.flashes:>4}  "
        f"lead-in {s.lead_in:>3}  false blur {100 * s.false_blur:5.2f} % "
        f"(all loss {100 * s.all_loss:5.2f} %)  "
        f"{cost.seconds:6.1f} s ({duration / cost.seconds:.2f}x real time)  "
        f"cpu {cost.cpu:6.1f} s  peak {cost.mb:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, metavar=("IN", "OUT"))
    parser.add_argument("--plain", nargs=2, metavar=("IN", "OUT"))
    parser.add_argument("--scenes", help="comma-separated scene numbers (default: all)")
    parser.add_argument(
        "--lesson", type=float, metavar="S", help="also time an ordinary lesson of S seconds"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each tool per scene (median time)"
    )
    parser.add_argument(
        "--deface-backend",
        default="opencv",
        choices=["opencv", "onnxrt"],
        help="deface's network runtime: opencv is what `pip install deface` runs; onnxrt "
        "needs the onnx and onnxruntime packages beside it",
    )
    args = parser.parse_args()
    if args.child:
        ours(*map(Path, args.child))
        return
    if args.plain:
        ours_plain(*map(Path, args.plain))
        return
    deface = Path(sys.executable).parent / "deface"
    if not deface.exists():
        raise SystemExit("deface is not installed here; `pip install -e .[test]` installs it.")
    chosen = scenes()
    picks = [int(v) for v in args.scenes.split(",")] if args.scenes else list(range(len(chosen)))
    if args.lesson:
        chosen.append(lesson(args.lesson))
        picks.append(len(chosen) - 1)
    totals = {"ours": [0.0, 0.0, 0.0, 0], "deface": [0.0, 0.0, 0.0, 0]}  # s, cpu, MB, flashes
    print(f"load average at the start: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="evidencekit-redact-bench-") as folder:
        for n in picks:
            command = [str(deface), "--backend", args.deface_backend]
            result = run_scene(Path(folder), n, chosen[n], command, max(1, args.repeat))
            scene = result["scene"]
            duration = result["seconds"]
            print(f"{n}: {scene.name} ({len(scene.faces)} faces, {duration:.0f} s 720p30)")
            for name, label in (("ours", "EvidenceKit"), ("deface", "deface")):
                s, cost = result[name]
                print(_line(label, s, cost, duration))
                print(f"    per face: {' '.join(f'{r:.2f}' for r in s.recall)}")
                totals[name][0] += cost.seconds
                totals[name][1] += cost.cpu
                totals[name][2] = max(totals[name][2], cost.mb)
                totals[name][3] += s.flashes
            sys.stdout.flush()
    (ours_s, ours_cpu, ours_mb, ours_flashes) = totals["ours"]
    (deface_s, deface_cpu, deface_mb, deface_flashes) = totals["deface"]
    print(f"load average at the end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(
        f"total: EvidenceKit {ours_s:.0f} s (cpu {ours_cpu:.0f} s), "
        f"deface {deface_s:.0f} s (cpu {deface_cpu:.0f} s): EvidenceKit is "
        f"{deface_s / ours_s:.1f}x deface's speed ({deface_cpu / ours_cpu:.1f}x in processor "
        f"time); flashes {ours_flashes:.0f} vs {deface_flashes:.0f}; "
        f"peak {ours_mb:.0f} MB vs {deface_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()

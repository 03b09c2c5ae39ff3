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
  detail was lost, sampled every fifth frame;
- time and peak memory of each process, and the speed ratio.

Needs deface in the same environment (the `test` extra installs it).
Run: ``.venv/bin/python benchmarks/redaction_bench.py [--scenes 0,2] [--lesson 10]``
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
    from evidencekit.media.face_tracks import find_faces
    from evidencekit.media.redact_render import render_redacted

    render_redacted(source, target, find_faces(source))


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd[0]} failed: {child.stderr.read().decode()[-800:]}")
    return elapsed, usage.ru_maxrss / 1024


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
    false_blur: float


def score(
    before: list[np.ndarray], after: list[np.ndarray], truth: list[list[Box | None]]
) -> Score:
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
    textured = lost = 0
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
                src = before[f][y : y + BLOCK, x : x + BLOCK]
                var = cv2.Laplacian(src, cv2.CV_64F).var()
                if var < TEXTURED:
                    continue
                textured += 1
                out = after[f][y : y + BLOCK, x : x + BLOCK]
                lost += cv2.Laplacian(out, cv2.CV_64F).var() < HIDDEN * var
    return Score(recall, flashes, lead_in, lost / max(textured, 1))


def run_scene(work: Path, n: int, scene: Scene, deface: Path) -> dict[str, object]:
    source = work / f"scene{n}.mp4"
    truth = make_scene(source, scene)
    mine, theirs = work / f"ours{n}.mp4", work / f"deface{n}.mp4"
    ours_s, ours_mb = _run([sys.executable, __file__, "--child", str(source), str(mine)])
    deface_s, deface_mb = _run([str(deface), str(source), "-o", str(theirs)])
    before = _grey(source)
    return {
        "scene": scene,
        "seconds": len(before) / FPS,
        "ours": (score(before, _grey(mine), truth), ours_s, ours_mb),
        "deface": (score(before, _grey(theirs), truth), deface_s, deface_mb),
    }


def _line(name: str, s: Score, secs: float, mb: float, duration: float) -> str:
    worst = min(s.recall)
    mean = sum(s.recall) / len(s.recall)
    return (
        f"  {name:<11} recall min {worst:.3f} mean {mean:.3f}  flashes {s.flashes:>4}  "
        f"lead-in {s.lead_in:>3}  false blur {100 * s.false_blur:5.2f} %  "
        f"{secs:6.1f} s ({duration / secs:.2f}x real time)  peak {mb:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, metavar=("IN", "OUT"))
    parser.add_argument("--scenes", help="comma-separated scene numbers (default: all)")
    parser.add_argument(
        "--lesson", type=float, metavar="S", help="also time an ordinary lesson of S seconds"
    )
    args = parser.parse_args()
    if args.child:
        ours(*map(Path, args.child))
        return
    deface = Path(sys.executable).parent / "deface"
    if not deface.exists():
        raise SystemExit("deface is not installed here; `pip install -e .[test]` installs it.")
    chosen = scenes()
    picks = [int(v) for v in args.scenes.split(",")] if args.scenes else list(range(len(chosen)))
    if args.lesson:
        chosen.append(lesson(args.lesson))
        picks.append(len(chosen) - 1)
    totals = {"ours": [0.0, 0.0, 0], "deface": [0.0, 0.0, 0]}
    with tempfile.TemporaryDirectory(prefix="evidencekit-redact-bench-") as folder:
        for n in picks:
            result = run_scene(Path(folder), n, chosen[n], deface)
            scene = result["scene"]
            duration = result["seconds"]
            print(f"{n}: {scene.name} ({len(scene.faces)} faces, {duration:.0f} s 720p30)")
            for name, label in (("ours", "EvidenceKit"), ("deface", "deface")):
                s, secs, mb = result[name]
                print(_line(label, s, secs, mb, duration))
                print(f"    per face: {' '.join(f'{r:.2f}' for r in s.recall)}")
                totals[name][0] += secs
                totals[name][1] = max(totals[name][1], mb)
                totals[name][2] += s.flashes
            sys.stdout.flush()
    ours_s, deface_s = totals["ours"][0], totals["deface"][0]
    print(
        f"total: EvidenceKit {ours_s:.0f} s, deface {deface_s:.0f} s: "
        f"EvidenceKit is {deface_s / ours_s:.1f}x deface's speed; "
        f"flashes {totals['ours'][2]} vs {totals['deface'][2]}; "
        f"peak {totals['ours'][1]:.0f} MB vs {totals['deface'][1]:.0f} MB"
    )


if __name__ == "__main__":
    main()

"""Face redaction beside deface (CenterFace), on 720p30 clips of real faces with known boxes.

Clips: scikit-image's astronaut photograph pasted onto the demo classroom at
several sizes, moving; one head partly turned, one covered by a hand for a
while. Both tools run the whole path in their own process (decode, detect,
hide, encode H.264 with the sound kept); the figures are:

- recall: per face, the frames in which at least 80 % of its true box is hidden,
  EvidenceKit's beside deface's (deface's boxes come from its own detector and
  mask scale, run again on the same frames);
- flash frames: frames inside a face's hidden stretch where it is not hidden;
- speed: seconds of video per second of work (1.0 = real time), and the ratio;
- peak memory (maximum resident size) of each process.

Needs deface in the same environment. Its package asks for opencv-python, which
would shadow the headless OpenCV the app uses, so install it without that:
``pip install --no-deps deface imageio-ffmpeg tqdm``. Without deface the figures
are printed beside the issue's reference of 0.17× real time at 720p.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.media.face_clips import Actor, glide, make_face_clip  # noqa: E402

from evidencekit.domain.redaction import Box  # noqa: E402
from evidencekit.domain.redaction_json import plan_from_json, plan_to_json  # noqa: E402

REFERENCE_DEFACE_SPEED = 0.17  # the figure for deface at 720p on this machine
DEFACE_MASK_SCALE = 1.3  # deface's default
COVERED = 0.8


def actors() -> list[Actor]:
    return [
        Actor(130, glide(0.2, 0.4, 0.35, 0.45, 6.0)),
        Actor(90, glide(0.6, 0.3, 0.5, 0.35, 5.0)),
        Actor(70, glide(0.8, 0.35, 0.85, 0.3, 4.0), turn=0.25),
        Actor(60, glide(0.15, 0.78, 0.3, 0.75, 6.0)),
        Actor(50, glide(0.5, 0.78, 0.6, 0.8, 5.0), covered=(2.0, 3.0)),
        Actor(40, glide(0.85, 0.8, 0.75, 0.78, 4.0)),
    ]


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd[0]} failed: {child.stderr.read().decode()[-800:]}")
    return elapsed, usage.ru_maxrss / 1024


def ours(source: Path, target: Path, plan_file: Path) -> None:
    from evidencekit.media.face_tracks import find_faces
    from evidencekit.media.redact_render import render_redacted

    plan = find_faces(source)
    render_redacted(source, target, plan)
    plan_file.write_text(plan_to_json(plan))


def _share_hidden(true: Box, regions: list[tuple[float, float, float, float]]) -> float:
    """Fraction of the true box inside the union of hidden rectangles (sampled on a grid)."""
    inside = total = 0
    for i in range(10):
        for j in range(10):
            x = true.x + true.w * (i + 0.5) / 10
            y = true.y + true.h * (j + 0.5) / 10
            total += 1
            inside += any(x0 <= x < x1 and y0 <= y < y1 for x0, y0, x1, y1 in regions)
    return inside / total


def deface_regions(source: Path) -> list[list[tuple[float, float, float, float]]]:
    """Deface's hidden rectangles per frame: its detector, threshold and mask scale."""
    import av
    from deface.centerface import CenterFace

    found = []
    with av.open(str(source)) as container:
        net = None
        for frame in container.decode(video=0):
            image = frame.to_ndarray(format="rgb24")
            if net is None:
                net = CenterFace(in_shape=(image.shape[1], image.shape[0]), backend="auto")
            dets, _ = net(image, threshold=0.2)
            boxes = []
            for x1, y1, x2, y2, _score in dets[:, :5]:
                s = DEFACE_MASK_SCALE - 1.0
                h, w = y2 - y1, x2 - x1
                boxes.append((x1 - w * s, y1 - h * s, x2 + w * s, y2 + h * s))
            found.append(boxes)
    return found


def score(regions: list[list[tuple[float, float, float, float]]], truth: list[list[Box]]):
    """Per face: frames hidden, and flash frames (shown between hidden ones)."""
    hidden, flashes = [], []
    for boxes in truth:
        covered = [_share_hidden(b, regions[f]) >= COVERED for f, b in enumerate(boxes)]
        hidden.append(sum(covered))
        seen = [f for f, c in enumerate(covered) if c]
        flashes.append(
            sum(1 for f in range(seen[0], seen[-1] + 1) if not covered[f]) if seen else 0
        )
    return hidden, flashes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--child", nargs=3, metavar=("IN", "OUT", "PLAN"))
    args = parser.parse_args()
    if args.child:
        ours(*map(Path, args.child))
        return
    with tempfile.TemporaryDirectory(prefix="evidencekit-redact-bench-") as folder:
        work = Path(folder)
        source = work / "lesson-720p.mp4"
        truth = make_face_clip(
            source, actors(), seconds=args.seconds, width=1280, height=720, fps=30, crf=20
        )
        frames = len(truth[0])
        ours_s, ours_mb = _run(
            [
                sys.executable,
                __file__,
                "--child",
                str(source),
                str(work / "ours.mp4"),
                str(work / "plan.json"),
            ]
        )
        plan = plan_from_json((work / "plan.json").read_text())
        ours_hidden, ours_flash = score([plan.hidden_boxes(f) for f in range(frames)], truth)
        try:
            import deface  # noqa: F401
        except ImportError:
            deface_s = deface_mb = None
        else:
            deface_s, deface_mb = _run(
                [
                    str(Path(sys.executable).parent / "deface"),
                    str(source),
                    "-o",
                    str(work / "deface.mp4"),
                    "--keep-audio",
                ]
            )
            deface_hidden, deface_flash = score(deface_regions(source), truth)
    duration = args.seconds
    print(f"720p30 clip, {duration:g} s, {frames} frames, {len(truth)} faces")
    print(f"{'face':>6} {'true px':>8} {'EvidenceKit hidden':>19} {'deface hidden':>14}")
    for n, boxes in enumerate(truth):
        theirs = f"{deface_hidden[n]}/{frames}" if deface_s is not None else "-"
        print(f"{n + 1:>6} {boxes[0].h:>8.0f} {ours_hidden[n]:>15}/{frames} {theirs:>14}")
    print(f"flash frames: EvidenceKit {sum(ours_flash)}", end="")
    print(f", deface {sum(deface_flash)}" if deface_s is not None else "")
    ours_speed = duration / ours_s
    print(f"EvidenceKit: {ours_s:.1f} s = {ours_speed:.2f}x real time, peak {ours_mb:.0f} MB")
    if deface_s is not None:
        their_speed = duration / deface_s
        print(
            f"deface:      {deface_s:.1f} s = {their_speed:.2f}x real time, peak {deface_mb:.0f} MB"
        )
    else:
        their_speed = REFERENCE_DEFACE_SPEED
        print(f"deface: not installed; the issue's reference is {their_speed}x real time")
    print(f"speed ratio EvidenceKit/deface: {ours_speed / their_speed:.1f}x")


if __name__ == "__main__":
    main()

"""``evidencekit media faces | redact``: face tracks of a clip, and the clip with faces hidden.

The media modules (OpenCV, NumPy, PyAV) are imported by the commands that use them, so
the CLI starts quickly for every other command.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from evidencekit.cli.output import TerminalProgress, emit_json, say, warn
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.redaction import (
    Keep,
    RedactionError,
    RedactionPlan,
    RedactMode,
    check_mute,
    coverage_cautions,
    hide_all_but_kept,
    keep_track,
)
from evidencekit.domain.timecode import BadTime, parse_time

_EXPECTED = "how many people are in the clip; fewer faces found is reported"


def register(media: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    faces = media.add_parser(
        "faces", parents=[common], help="list the faces found in a clip, one track each"
    )
    faces.add_argument("file", type=Path, metavar="IN")
    faces.add_argument("--expected-faces", type=int, default=0, metavar="N", help=_EXPECTED)
    faces.set_defaults(run=cmd_faces)

    redact = media.add_parser(
        "redact", parents=[common], help="hide every face except the tracks you keep"
    )
    redact.add_argument("file", type=Path, metavar="IN")
    redact.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    redact.add_argument(
        "--keep-track",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="leave track N visible (see `media faces`); repeat for more",
    )
    redact.add_argument("--expected-faces", type=int, default=0, metavar="N", help=_EXPECTED)
    redact.add_argument(
        "--hide-everything",
        action="store_true",
        help="blur the whole picture except the kept tracks (when detection cannot be trusted)",
    )
    redact.add_argument(
        "--mode", choices=[m.value for m in RedactMode], default=RedactMode.BLUR.value
    )
    redact.add_argument(
        "--margin", type=float, metavar="F", help="extra room around each face (0.3 = 30 %%)"
    )
    redact.add_argument(
        "--mute",
        type=_mute,
        action="append",
        default=[],
        metavar="S-E",
        help="silence from S to E (seconds or m:ss); repeat for more",
    )
    redact.set_defaults(run=cmd_redact)


def _mute(text: str) -> tuple[float, float]:
    start, sep, end = text.partition("-")
    if not sep:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a range; write START-END, e.g. 65-80 or 1:05-1:20."
        )
    try:
        span = parse_time(start), parse_time(end)
        check_mute(*span)
    except (BadTime, RedactionError) as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
    return span


def _tracks_json(plan: RedactionPlan) -> list[dict[str, Any]]:
    """Per track: where it is each second (so a person can tell who it is), size and
    confidence."""
    times = plan.frame_times_ms
    rows = []
    for t in plan.tracks:
        per_second: list[dict[str, object]] = []
        for f in range(t.start, t.end + 1):
            if f == t.start or times[f] // 1000 != times[f - 1] // 1000:
                b = t.boxes[f - t.start]
                box = [round(b.x), round(b.y), round(b.w), round(b.h)]
                per_second.append({"frame": f, "time_s": times[f] / 1000, "box": box})
        rows.append(
            {
                "id": t.id,
                "first_frame": t.start,
                "last_frame": t.end,
                "start_s": times[t.start] / 1000,
                "end_s": times[t.end] / 1000,
                "frames": len(t.boxes),
                "flagged_frames": len(t.flagged),
                "mean_width_px": round(sum(b.w for b in t.boxes) / len(t.boxes)),
                "mean_height_px": round(sum(b.h for b in t.boxes) / len(t.boxes)),
                "confidence": round(t.score, 2),
                "detections": t.detections,
                "boxes_each_second": per_second,
            }
        )
    return rows


def _find(args: argparse.Namespace, progress: TerminalProgress) -> RedactionPlan:
    from evidencekit.media.faces.face_tracks import find_faces

    if args.expected_faces < 0:
        raise EvidenceKitError("--expected-faces is a number of people, 0 or more.")
    plan = find_faces(args.file, reporter=progress.reporter)
    return replace(plan, cautions=coverage_cautions(plan, args.expected_faces))


def cmd_faces(args: argparse.Namespace) -> int:

    progress = TerminalProgress()
    try:
        plan = _find(args, progress)
    finally:
        progress.finish()
    tracks = _tracks_json(plan)
    cautions = [c.describe(plan.frame_times_ms) for c in plan.cautions]
    if args.json:
        emit_json(
            {
                "file": str(args.file),
                "frames": plan.frame_count,
                "tracks": tracks,
                "cautions": cautions,
            }
        )
        return 0
    say(f"{args.file}: {len(tracks)} face track(s) in {plan.frame_count} frames")
    for t in tracks:
        unsure = f", {t['flagged_frames']} frame(s) to check" if t["flagged_frames"] else ""
        first = t["boxes_each_second"][0]["box"]
        say(
            f"  track {t['id']}: {t['start_s']:.2f}–{t['end_s']:.2f} s, "
            f"about {t['mean_height_px']} px tall, first at x={first[0]} y={first[1]}, "
            f"confidence {t['confidence']:.2f}{unsure}"
        )
    for text in cautions:
        warn(f"Caution: {text}")
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    from evidencekit.media.editing.transcode import output_format
    from evidencekit.media.faces.redact_render import render_redacted
    from evidencekit.media.probe import probe

    output_format(args.output)  # a wrong ending is refused before any work
    if args.margin is not None and not 0 <= args.margin <= 2:
        raise EvidenceKitError("--margin is between 0 and 2 (0 % to 200 % of the face's size).")
    duration = probe(args.file).duration_s
    for start, end in args.mute:
        check_mute(start, end, duration)
    progress = TerminalProgress()
    try:
        plan = _find(args, progress)
        for track_id in args.keep_track:
            plan = keep_track(plan, track_id, Keep(teacher=True))
        if args.hide_everything:
            plan = hide_all_but_kept(plan)
        elif not plan.tracks:
            raise RedactionError(
                f"No face was found in {args.file.name}, which is not proof that there is none; "
                "nothing was written. Look at the clip, or use --hide-everything to blur the "
                "whole picture."
            )
        plan = replace(plan, mode=RedactMode(args.mode), mutes=tuple(sorted(args.mute)))
        if args.margin is not None:
            plan = replace(plan, margin=args.margin)
        result = render_redacted(args.file, args.output, plan, reporter=progress.reporter)
    finally:
        progress.finish()
    hidden = sum(t.hidden for t in plan.tracks)
    cautions = [c.describe(plan.frame_times_ms) for c in plan.cautions]
    if args.json:
        emit_json(
            {
                "output": str(args.output),
                "tracks": len(plan.tracks),
                "tracks_hidden": hidden,
                "tracks_kept": sorted(args.keep_track),
                "hide_everything": plan.hide_all_but_kept,
                "muted": [list(m) for m in plan.mutes],
                "has_audio": result.has_audio,
                "cautions": cautions,
            }
        )
        return 0
    if plan.hide_all_but_kept:
        kept = len(args.keep_track)
        say(f"Wrote {args.output}: the whole picture hidden except {kept} kept face track(s).")
    else:
        say(f"Wrote {args.output}: {hidden} of {len(plan.tracks)} face track(s) hidden.")
    for text in cautions:
        warn(f"Caution: {text}; check the copy before sharing it.")
    return 0

"""``evidencekit media faces | redact``: face tracks of a clip, and the clip with faces hidden."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from evidencekit.cli.output import TerminalProgress, emit_json, say
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.redaction import (
    Keep,
    RedactionError,
    RedactionPlan,
    RedactMode,
    check_mute,
    keep_track,
)
from evidencekit.domain.timecode import BadTime, parse_time


def register(media: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    faces = media.add_parser(
        "faces", parents=[common], help="list the faces found in a clip, one track each"
    )
    faces.add_argument("file", type=Path, metavar="IN")
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


def _tracks_json(plan: RedactionPlan) -> list[dict[str, object]]:
    times = plan.frame_times_ms
    rows = []
    for t in plan.tracks:
        widths = sorted(b.w for b in t.boxes)
        rows.append(
            {
                "id": t.id,
                "first_frame": t.start,
                "last_frame": t.end,
                "start_s": times[t.start] / 1000,
                "end_s": times[t.end] / 1000,
                "frames": len(t.boxes),
                "flagged_frames": len(t.flagged),
                "face_width_px": round(widths[len(widths) // 2]),
            }
        )
    return rows


# The detector, the renderer and PyAV are imported by the command that runs them, so that
# `evidencekit media …` does not load OpenCV and NumPy for every other media command.


def cmd_faces(args: argparse.Namespace) -> int:
    from evidencekit.media.face_tracks import find_faces

    progress = TerminalProgress()
    try:
        plan = find_faces(args.file, progress=progress)
    finally:
        progress.finish()
    tracks = _tracks_json(plan)
    if args.json:
        emit_json({"file": str(args.file), "frames": plan.frame_count, "tracks": tracks})
        return 0
    say(f"{args.file}: {len(tracks)} face track(s) in {plan.frame_count} frames")
    for t in tracks:
        unsure = f", {t['flagged_frames']} frame(s) to check" if t["flagged_frames"] else ""
        say(
            f"  track {t['id']}: {t['start_s']:.2f}–{t['end_s']:.2f} s, "
            f"about {t['face_width_px']} px wide{unsure}"
        )
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    from evidencekit.media.face_tracks import find_faces
    from evidencekit.media.probe import probe
    from evidencekit.media.redact_render import render_redacted
    from evidencekit.media.transcode import output_format

    output_format(args.output)  # a wrong ending is refused before any work
    if args.margin is not None and not 0 <= args.margin <= 2:
        raise EvidenceKitError("--margin is between 0 and 2 (0 % to 200 % of the face's size).")
    duration = probe(args.file).duration_s
    for start, end in args.mute:
        check_mute(start, end, duration)
    progress = TerminalProgress()
    try:
        plan = find_faces(args.file, progress=progress)
        for track_id in args.keep_track:
            plan = keep_track(plan, track_id, Keep(teacher=True))
        plan = replace(plan, mode=RedactMode(args.mode), mutes=tuple(sorted(args.mute)))
        if args.margin is not None:
            plan = replace(plan, margin=args.margin)
        result = render_redacted(args.file, args.output, plan, progress=progress)
    finally:
        progress.finish()
    hidden = sum(t.hidden for t in plan.tracks)
    if args.json:
        emit_json(
            {
                "output": str(args.output),
                "tracks": len(plan.tracks),
                "tracks_hidden": hidden,
                "tracks_kept": sorted(args.keep_track),
                "muted": [list(m) for m in plan.mutes],
                "has_audio": result.has_audio,
            }
        )
    else:
        say(f"Wrote {args.output}: {hidden} of {len(plan.tracks)} face track(s) hidden.")
    return 0

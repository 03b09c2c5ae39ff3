"""``evidencekit media``: facts about video files."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidencekit.cli.output import emit_json, say
from evidencekit.domain.text import format_duration, format_megabytes
from evidencekit.media.probe import probe


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    media = commands.add_parser("media", help="video files")
    sub = media.add_subparsers(dest="action", required=True, metavar="ACTION")
    info = sub.add_parser("info", parents=[common], help="duration, size, codecs, rotation")
    info.add_argument("file", type=Path, metavar="FILE")
    info.set_defaults(run=cmd_info)


def cmd_info(args: argparse.Namespace) -> int:
    info = probe(args.file)
    if args.json:
        emit_json(info.to_dict())
        return 0
    audio = info.audio_codec or "no sound"
    say(f"{args.file}: {format_duration(info.duration_s)}, {format_megabytes(info.size_bytes)}")
    say(
        f"  picture {info.display_width}×{info.display_height} at {info.fps:g} fps"
        + (" (variable)" if info.variable_frame_rate else "")
        + (f", rotated {info.rotation}°" if info.rotation else "")
    )
    say(f"  video {info.video_codec}, audio {audio}, container {info.container}")
    return 0

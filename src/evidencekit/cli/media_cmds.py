"""``evidencekit media``: facts about video files, trimming, normalizing, thumbnails, faces.

The media modules (PyAV, NumPy, OpenCV) are imported inside each command, so
building the command line stays quick.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evidencekit.cli.commands import add_command
from evidencekit.cli.output import TerminalProgress, emit_json, say
from evidencekit.domain.errors import EvidenceKitError
from evidencekit.domain.text import format_duration, format_megabytes
from evidencekit.domain.timecode import BadTime, parse_time

# Defined by redact_cmds, whose module (and the redaction model) a trim need not load.
_FACE_ACTIONS = ("faces", "redact")


def register(
    commands: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    argv: list[str] | None = None,
) -> None:
    """The media actions; with ``argv``, face actions only in full when one of them runs."""
    media = add_command(commands, "media")
    sub = media.add_subparsers(dest="action", required=True, metavar="ACTION")
    info = sub.add_parser("info", parents=[common], help="duration, size, codecs, rotation")
    info.add_argument("file", type=Path, metavar="FILE")
    info.set_defaults(run=cmd_info)

    cut = sub.add_parser(
        "trim", parents=[common], help="keep the stretch between two times (lossless if it can)"
    )
    cut.add_argument("file", type=Path, metavar="IN")
    cut.add_argument(
        "--start",
        required=True,
        type=time_arg,
        metavar="S",
        help="in point: seconds, m:ss or h:mm:ss",
    )
    cut.add_argument("--end", required=True, type=time_arg, metavar="E", help="out point")
    cut.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    how = cut.add_mutually_exclusive_group()
    how.add_argument(
        "--snap",
        action="store_const",
        dest="mode",
        const="snap",
        help="move the in point back to a keyframe and copy without re-encoding",
    )
    how.add_argument(
        "--reencode",
        action="store_const",
        dest="mode",
        const="reencode",
        help="re-encode even when a lossless copy is possible",
    )
    how.add_argument(
        "--copy",
        action="store_const",
        dest="mode",
        const="copy",
        help="copy without re-encoding, or fail if the in point is not a keyframe",
    )
    cut.set_defaults(run=cmd_trim, mode="auto")

    norm = sub.add_parser(
        "normalize", parents=[common], help="H.264 + AAC MP4 that any browser plays"
    )
    norm.add_argument("file", type=Path, metavar="IN")
    norm.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    norm.add_argument("--max-mb", type=float, metavar="N", help="fit the file under N MB")
    norm.add_argument("--preset", help="x264 speed preset (default: veryfast)")
    norm.add_argument(
        "--reencode",
        action="store_true",
        help="re-encode even a file that is already browser-ready",
    )
    norm.set_defaults(run=cmd_normalize)

    thumbs = sub.add_parser("thumbs", parents=[common], help="a filmstrip of JPEG pictures")
    thumbs.add_argument("file", type=Path, metavar="IN")
    thumbs.add_argument("--count", type=int, default=10, metavar="N")
    thumbs.add_argument("--width", type=int, default=320, metavar="PX")
    thumbs.add_argument("-o", "--output", required=True, type=Path, metavar="DIR")
    thumbs.set_defaults(run=cmd_thumbs)

    if argv is None or _chosen_action(argv) in (None, *_FACE_ACTIONS):
        from evidencekit.cli import redact_cmds

        redact_cmds.register(sub, common)
    else:
        for name in _FACE_ACTIONS:  # named in the usage line of a mistyped command
            sub.add_parser(name)


def _chosen_action(argv: list[str]) -> str | None:
    """The media action the arguments name: the first word after the command that is not
    an option, as argparse picks it (a workspace named "media" is not the command)."""
    words = iter(argv)
    for token in words:
        if token == "--workspace":
            next(words, None)
        elif not token.startswith("-"):
            break  # the command: media
    return next((token for token in words if not token.startswith("-")), None)


def time_arg(text: str) -> float:
    """A time on the command line: seconds, m:ss or h:mm:ss."""
    try:
        return parse_time(text)
    except BadTime as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def cmd_info(args: argparse.Namespace) -> int:
    from evidencekit.media.probe import probe

    info = probe(args.file)
    if args.json:
        facts = info.to_dict()
        del facts["keyframes_s"]  # thousands of times for an hour: trim's, not the reader's
        emit_json(facts)
        return 0
    audio = info.audio_codec or "no sound"
    say(f"{args.file}: {format_duration(info.duration_s)}, {format_megabytes(info.size_bytes)}")
    say(
        f"  picture {info.display_width}×{info.display_height} at {info.fps:g} fps"
        + (" (variable)" if info.variable_frame_rate else "")
        + (f", rotated {info.rotation}°" if info.rotation else "")
    )
    say(f"  video {info.video_codec}, audio {audio}, container {info.container}")
    for stream in info.streams:
        length = "length unknown" if stream.duration_s is None else f"{stream.duration_s:.3f} s"
        extra = []
        if stream.channels:
            extra.append(f"{stream.channels} ch, {stream.sample_rate} Hz")
        if stream.language and stream.language != "und":
            extra.append(stream.language)
        detail = "".join(f", {e}" for e in extra)
        codec = "" if stream.codec == "none" else f" {stream.codec}"
        say(f"  stream {stream.index}: {stream.kind}{codec}, {length}{detail}")
    if info.clock_jumps:
        where = ", ".join(f"{at:.2f} s" for at in info.clock_jumps)
        say(f"  the camera's clock jumps at {where} (segments joined); cuts join it up")
    return 0


def cmd_trim(args: argparse.Namespace) -> int:
    with _collection_paused():
        from evidencekit.domain.stretch import Stretch
        from evidencekit.media.editing.trim import TrimMode, trim

    progress = TerminalProgress()
    try:
        result = trim(
            Stretch(args.file, args.start, args.end),
            args.output,
            mode=TrimMode(args.mode),
            reporter=progress.reporter,
        )
    finally:
        progress.finish()
    if args.json:
        emit_json(
            {
                "output": str(result.path),
                "start_s": result.start_s,
                "end_s": result.end_s,
                "method": str(result.method),
                "note": result.note,
            }
        )
    else:
        say(f"Wrote {result.path} ({result.start_s:.2f}–{result.end_s:.2f} s). {result.note}")
    return 0


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Loading PyAV makes tens of thousands of objects that live as long as the process;
    the garbage collector's rounds among them while they load find nothing (a few ms of
    a lossless trim that takes about a tenth of a second)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def cmd_normalize(args: argparse.Namespace) -> int:
    if args.max_mb is not None and args.max_mb <= 0:
        raise EvidenceKitError("--max-mb must be more than 0.")
    from evidencekit.media.editing.normalize import DEFAULT_PRESET, normalize

    progress = TerminalProgress()
    try:
        result = normalize(
            args.file,
            args.output,
            max_mb=args.max_mb,
            preset=args.preset or DEFAULT_PRESET,
            force_encode=args.reencode,
            reporter=progress.reporter,
        )
    finally:
        progress.finish()
    if args.json:
        emit_json(
            {
                "output": str(result.path),
                "size_bytes": result.size_bytes,
                "duration_s": result.duration_s,
                "video_bitrate": result.video_bitrate,
                "has_audio": result.has_audio,
                "reencoded": result.reencoded,
            }
        )
    else:
        how = "re-encoded" if result.reencoded else "re-wrapped without re-encoding"
        say(f"Wrote {result.path}: {format_megabytes(result.size_bytes)}, {how}.")
    return 0


def cmd_thumbs(args: argparse.Namespace) -> int:
    if args.count < 1 or args.width < 16:
        raise EvidenceKitError("Ask for at least 1 picture, at least 16 pixels wide.")
    from evidencekit.media.thumbnails import filmstrip, write_jpeg

    pictures = filmstrip(args.file, args.count, args.width)
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EvidenceKitError(f"{args.output}: cannot make the folder ({exc.strerror}).") from None
    written = []
    for n, picture in enumerate(pictures, 1):
        target = args.output / f"thumb-{n:03d}.jpg"
        write_jpeg(picture.image, target)
        written.append({"file": str(target), "time_s": round(picture.time_s, 3)})
    if args.json:
        emit_json(written)
    else:
        say(f"Wrote {len(written)} pictures to {args.output}.")
    return 0

"""Copying a stretch of a clip's packets into a new file, without decoding them.

The copy begins on a video keyframe (a picture that needs no earlier one). It
ends in decoding order: a packet is kept while it is decoded before the out
point, so every kept picture still has the pictures it refers to. Of those, the
pictures shown at or after the out point that are decoded after the last picture
shown before it are dropped: a picture can refer only to pictures decoded before
it, so nothing kept needs them. With B-frames an anchor picture or two past the
out point may remain (when pictures shown before it are decoded after it), never
fewer.
Times count from the clip's zero (the container's start time, see clip_clock),
and every sound track comes along, not only the first.
"""

from __future__ import annotations

from pathlib import Path

import av

from evidencekit.domain.errors import MediaError
from evidencekit.domain.tasks import Reporter
from evidencekit.media.clip_clock import (
    SteadyClock,
    clip_zero,
    seek_to_keyframe_before,
    time_base,
    with_decoding_times,
)
from evidencekit.media.editing.write_back import WriteBack


def copy_range(
    source: Path,
    temp: Path,
    fmt: str,
    start_s: float,
    end_s: float | None,
    *,
    rotation: int,
    reporter: Reporter,
    message: str,
    options: dict[str, str] | None = None,
    clock_jumps: bool = False,
) -> None:
    """Copy video and every sound track from ``start_s`` to ``end_s`` (None: the end).
    CodecDoesNotFit if ``fmt`` cannot carry one of the codecs.

    ``clock_jumps``: the source's clock jumps (probe said where), so it is read from
    its start, not sought into, and its timestamps are joined up on the way."""
    options = options or {}
    # Faststart rewrites the whole file at its end (the index moves to the front).
    early = "faststart" not in options.get("movflags", "")
    try:
        with (
            av.open(str(source), metadata_errors="ignore") as inp,
            av.open(str(temp), "w", format=fmt, options=options) as out,
            WriteBack(temp, active=early) as written,
        ):
            length = (end_s if end_s is not None else _length(inp)) - start_s
            _copy_packets(
                inp, out, start_s, end_s, rotation, length, reporter, message, clock_jumps, written
            )
    except av.error.FFmpegError as exc:
        raise MediaError(str(source), f"the clip could not be copied ({exc.strerror}).") from None
    reporter.report(length, length, message)


class CodecDoesNotFit(MediaError):
    """The output's container cannot carry one of the clip's codecs as it is (Opus in AVI,
    HEVC in WebM). Raised before anything is written; the caller re-encodes or refuses."""

    def __init__(self, source: str, fmt: str, codec: str) -> None:
        super().__init__(source, f"a {fmt} file cannot hold the clip's {codec} as it is.")
        self.codec = codec


def _length(inp: av.container.InputContainer) -> float:
    return inp.duration / av.time_base if inp.duration else 0.0


def _copy_packets(
    inp: av.container.InputContainer,
    out: av.container.OutputContainer,
    start_s: float,
    end_s: float | None,
    rotation: int,
    length: float,
    reporter: Reporter,
    message: str,
    clock_jumps: bool,
    written: WriteBack,
) -> None:
    vin = inp.streams.video[0]
    sounds = list(inp.streams.audio)
    streams = [vin, *sounds]
    mapping = {}
    for stream in streams:
        try:
            # opaque: the decoder's codec entry (an encoder may not exist: av1 read by libdav1d).
            mapping[stream.index] = out.add_stream_from_template(stream, opaque=True)
        except ValueError:
            codec = stream.codec_context.codec.canonical_name
            raise CodecDoesNotFit(str(inp.name), out.format.name, codec) from None
    for sound in sounds:
        language = sound.metadata.get("language")
        if language:
            mapping[sound.index].metadata["language"] = language
    if rotation:
        video_out = mapping[vin.index]
        assert isinstance(video_out, av.VideoStream)  # a copy of the video stream
        video_out.set_display_rotation(rotation)
    if vin.codec_tag == "avc3":
        # Parameter sets in the stream (a partly re-encoded trim): the muxer would say avc1.
        mapping[vin.index].codec_tag = "avc3"
    origin = clip_zero(inp)
    start = origin + start_s
    end = float("inf") if end_s is None else origin + end_s
    if start_s > 0 and not clock_jumps:
        seek_to_keyframe_before(inp, vin, start)
    clock = SteadyClock(inp)
    fix = clock.fix if clock.active else None
    # Every stream's timestamps move back by the same amount of time.
    shift = {s.index: round(start / time_base(s)) for s in streams}
    # Float time bases: Fraction arithmetic on every packet would cost more than the copy.
    seconds = {s.index: float(time_base(s)) for s in streams}
    video_started = video_done = False
    sounds_done: set[int] = set()
    # Pictures shown after the out point, held until a picture shown before it comes.
    after_end: list[av.Packet] = []

    def put(packet: av.Packet, index: int) -> None:
        assert packet.pts is not None and packet.dts is not None  # the loop skips the others
        offset = shift[index]
        packet.pts -= offset
        packet.dts -= offset
        packet.stream = mapping[index]
        out.mux(packet)

    count = 0
    packets = inp.demux(streams)
    if not inp.format.name.startswith("mov,"):  # MP4 and MOV store every decoding time
        packets = with_decoding_times(packets)
    for read, packet in enumerate(packets):
        if not read & 63:  # often enough to stop within a moment, rarely enough to cost nothing
            reporter.check()
            written.push()
        if packet.dts is None or packet.pts is None:
            continue  # the demuxer's end-of-stream marker
        if fix is not None:
            fix(packet)
        index = packet.stream.index
        tb = seconds[index]
        if index == vin.index:
            if not video_started:
                # Begin exactly at the keyframe the caller chose.
                if not packet.is_keyframe or packet.pts * tb < start - 1e-3:
                    continue
                video_started = True
            if packet.dts * tb >= end - 1e-6:
                video_done = True
                if len(sounds_done) == len(sounds):
                    break
                continue
            if packet.pts * tb >= end - 1e-6:
                after_end.append(packet)
                continue
            if after_end:  # a picture shown before the out point may refer to them
                for held in after_end:
                    put(held, index)
                after_end.clear()
        else:
            t = packet.pts * tb
            if t < start - 1e-6:
                continue
            if t >= end - 1e-6:
                sounds_done.add(index)
                if video_done and len(sounds_done) == len(sounds):
                    break
                continue
        put(packet, index)
        count += 1
        if count % 200 == 0:
            reporter.report(min(packet.pts * tb, length), length, message)
    if not video_started:
        raise MediaError(str(inp.name), "there are no pictures in the chosen stretch.")

"""Reading a media file's facts (duration, size, codecs, rotation, every stream).

Only the first picture is decoded; the rest of the video is read as packets once
(see integrity), so a damaged or truncated file is named here, in words. That
read costs about what copying the file does (a second or two for an hour), so a
file's facts are remembered for as long as it is unchanged (same inode, size,
modification and change time): in memory, so the trim dialog, the trim and the
bundle copy probe it again for free, and on disk (probe_cache), so the next
command-line run does too.
"""

from __future__ import annotations

import os
import stat
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from evidencekit.domain.errors import MediaError
from evidencekit.media import clip_clock, integrity, probe_cache
from evidencekit.media.clip_clock import clip_zero, time_base
from evidencekit.media.integrity import scan_packets

_LOCK = threading.Lock()  # the player and the trim dialog probe on worker threads
# Demuxers that read a single picture: a photo given a video's name.
_STILL_FORMATS = ("image2", "_pipe")


@dataclass(frozen=True)
class StreamInfo:
    index: int
    kind: str  # "video", "audio", "subtitle", "data"
    codec: str  # the codec's id (av1, mp3), not the decoder's name (libdav1d, mp3float)
    duration_s: float | None  # None when the file does not say
    language: str | None
    channels: int | None = None  # sound only
    sample_rate: int | None = None
    title: str | None = None  # a name the camera or editor gave the track ("Wireless mic")


@dataclass(frozen=True)
class MediaInfo:
    path: str
    container: str
    duration_s: float
    size_bytes: int
    width: int
    height: int
    display_width: int  # after rotation: what a viewer sees
    display_height: int
    fps: float
    variable_frame_rate: bool
    video_codec: str
    audio_codec: str | None
    rotation: int  # display rotation, counter-clockwise degrees as FFmpeg reads it: 0/90/180/270
    has_audio: bool
    bit_rate: int | None
    video_duration_s: float  # the picture's own length; ``duration_s`` is the longest stream's
    streams: tuple[StreamInfo, ...] = ()
    # Clip times where the camera's clock jumped (joined segments); cuts join them up.
    clock_jumps: tuple[float, ...] = ()
    # Clip times of every video keyframe, in order (where a lossless cut may begin).
    keyframes_s: tuple[float, ...] = field(default=(), repr=False)

    @property
    def audio_tracks(self) -> int:
        return sum(1 for s in self.streams if s.kind == "audio")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Facts about the last files probed, by identity (path, device, inode, size, times).
_REMEMBERED: OrderedDict[tuple[str, int, int, int, int, int], MediaInfo] = OrderedDict()
_REMEMBER = 64


def probe(path: str | os.PathLike[str]) -> MediaInfo:
    """Facts about a video file; MediaError with a plain reason if it cannot be used."""
    source = Path(path)
    identity = _check_regular_file(source)
    with _LOCK:
        known = _REMEMBERED.get(identity)
        if known is not None:
            _REMEMBERED.move_to_end(identity)
            return replace(known, path=str(source))  # as this caller named it
    info = _recalled(identity, source)
    if info is None:
        info = _probe(source)
        probe_cache.remember(identity, _code_stamp(), info.to_dict())
    with _LOCK:
        _REMEMBERED[identity] = info
        while len(_REMEMBERED) > _REMEMBER:
            _REMEMBERED.popitem(last=False)
    return info


def _recalled(identity: tuple[str, int, int, int, int, int], source: Path) -> MediaInfo | None:
    """The facts another process found for this unchanged file, if they fit this version."""
    facts = probe_cache.recall(identity, _code_stamp())
    if facts is None:
        return None
    try:
        streams = tuple(StreamInfo(**s) for s in facts["streams"])
        return MediaInfo(
            **{
                **facts,
                "streams": streams,
                "clock_jumps": tuple(facts["clock_jumps"]),
                "keyframes_s": tuple(facts["keyframes_s"]),
                "path": str(source),
            }
        )
    except (KeyError, TypeError):
        return None


def _code_stamp() -> tuple[int, ...]:
    """When the code that finds the facts last changed: a developer's edit, like an
    upgrade, must not meet answers the old code gave (part of the cache's key)."""
    try:
        return tuple(
            os.stat(m).st_mtime_ns
            for m in (__file__, integrity.__file__ or "", clip_clock.__file__ or "")
        )
    except OSError:
        return ()  # an installed app's modules live in an archive: its version says enough


def _probe(source: Path) -> MediaInfo:
    try:
        container = av.open(str(source), metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        raise MediaError(
            str(source), f"not a video file that can be read ({exc.strerror})."
        ) from None
    with container:
        video = next(iter(container.streams.video), None)
        if video is None:
            if container.streams.audio:
                raise MediaError(str(source), "it holds only sound and no video (no picture).")
            raise MediaError(str(source), "it has no video in it, or the file is damaged.")
        name = container.format.name
        if any(name == f or name.endswith(f) for f in _STILL_FORMATS):
            kind = video.codec_context.codec.canonical_name.upper().replace("MJPEG", "JPEG")
            raise MediaError(str(source), f"this is a still picture ({kind}), not a video.")
        audio = next(iter(container.streams.audio), None)
        zero = clip_zero(container)
        streams = tuple(_stream_info(s) for s in container.streams)
        video_duration = _video_duration(container, video, zero)
        # The longest stream (libavformat's container duration, as ffprobe reports it),
        # to the millisecond as the trim dialog and players count.
        ends = [video_duration, *(_end(s, zero) for s in container.streams.audio)]
        whole = container.duration / av.time_base if container.duration else max(ends)
        duration = round(whole, 3)
        if video_duration <= 0:
            raise MediaError(str(source), "the video has no length; the file may be damaged.")
        # Phones store portrait video as landscape plus a display matrix.
        rotation = _first_frame_rotation(container, video, source)
        try:
            _check_complete(container, video, duration, source)
            cut_off = None
        except MediaError as exc:
            cut_off = exc  # unless the clock jumps: then the header counted one segment
        scan = scan_packets(container, zero)
        if cut_off is not None and not scan.clock_jumps:
            raise cut_off
        if scan.damage is not None:
            raise MediaError(str(source), scan.damage)
        if scan.clock_jumps and scan.video_end_s is not None:
            # The header's length counts one segment; the joined-up clock counts them all.
            video_duration = max(video_duration, scan.video_end_s)
            duration = round(max(duration, video_duration), 3)
        ctx = video.codec_context
        width, height = ctx.width, ctx.height
        if not width or not height:
            raise MediaError(str(source), "the video has no picture size; the file may be damaged.")
        swap = rotation in (90, 270)
        avg = video.average_rate or video.guessed_rate or Fraction(0)
        base = video.base_rate or avg
        fps = float(avg) if avg else 0.0
        return MediaInfo(
            path=str(source),
            container=container.format.name,
            duration_s=duration,
            size_bytes=source.stat().st_size,
            width=width,
            height=height,
            display_width=height if swap else width,
            display_height=width if swap else height,
            fps=round(fps, 3),
            variable_frame_rate=bool(avg and base and abs(float(base) - float(avg)) > 0.01),
            video_codec=ctx.codec.canonical_name,
            audio_codec=audio.codec_context.codec.canonical_name if audio is not None else None,
            rotation=rotation,
            has_audio=audio is not None,
            bit_rate=container.bit_rate or None,
            video_duration_s=round(video_duration, 3),
            streams=streams,
            clock_jumps=tuple(scan.clock_jumps),
            keyframes_s=tuple(scan.keyframes),
        )


def _check_regular_file(source: Path) -> tuple[str, int, int, int, int, int]:
    """Refuse anything but a regular file before a demuxer opens (and maybe blocks on) it.

    Returns the file's identity: where it is, its device and inode, size, modification
    and change times."""
    try:
        # Non-blocking: opening a FIFO with no writer must not hang the app.
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise MediaError(str(source), "the file does not exist.") from None
    except IsADirectoryError:
        raise MediaError(str(source), "this is a folder, not a file.") from None
    except OSError as exc:
        raise MediaError(str(source), f"the file cannot be opened ({exc.strerror}).") from None
    try:
        found = os.fstat(fd)
    finally:
        os.close(fd)
    mode = found.st_mode
    if stat.S_ISDIR(mode):
        raise MediaError(str(source), "this is a folder, not a file.")
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        raise MediaError(str(source), "this is a pipe or socket, not a file; save the video first.")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise MediaError(str(source), "this is a device, not a file; copy the video off it first.")
    if not stat.S_ISREG(mode):
        raise MediaError(str(source), "this is not a regular file.")
    return (
        str(source.resolve()),
        found.st_dev,
        found.st_ino,
        found.st_size,
        found.st_mtime_ns,
        found.st_ctime_ns,
    )


def _stream_info(stream: av.stream.Stream) -> StreamInfo:
    ctx = stream.codec_context
    # A data stream (a phone's timecode track) has no decoder to name its codec.
    codec = ctx.codec.canonical_name if ctx is not None else (stream.name or "none")
    return StreamInfo(
        index=stream.index,
        kind=stream.type,
        codec=codec,
        duration_s=_length(stream),
        language=stream.metadata.get("language"),
        channels=ctx.channels if isinstance(ctx, av.AudioCodecContext) else None,
        sample_rate=ctx.sample_rate if isinstance(ctx, av.AudioCodecContext) else None,
        title=stream.metadata.get("title") or None,
    )


def _length(stream: av.stream.Stream) -> float | None:
    """The stream's own length: its header's duration, or from Matroska's DURATION tag."""
    if stream.duration is not None and stream.time_base is not None:
        return round(float(stream.duration * stream.time_base), 6)
    tag = stream.metadata.get("DURATION")
    if not tag:
        return None
    try:
        h, m, sec = tag.split(":")
    except ValueError:
        return None
    # The tag says where the stream ends on the file's clock, not how long it runs.
    start = float(stream.start_time * time_base(stream)) if stream.start_time is not None else 0.0
    return round(int(h) * 3600 + int(m) * 60 + float(sec) - max(start, 0.0), 6)


def _end(stream: av.stream.Stream, zero: float) -> float:
    """Where the stream ends on the clip's clock (0 if the file does not say)."""
    length = _length(stream)
    if length is None:
        return 0.0
    start = float(stream.start_time * time_base(stream)) if stream.start_time is not None else zero
    return start - zero + length


def _video_duration(
    container: av.container.InputContainer, video: av.video.stream.VideoStream, zero: float
) -> float:
    if _length(video) is not None:
        return _end(video, zero)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def _first_frame_rotation(
    container: av.container.InputContainer, video: av.video.stream.VideoStream, source: Path
) -> int:
    """Decode the first frame, so a corrupt file fails now, not in the evaluator's hands."""
    try:
        for frame in container.decode(video):
            return round(frame.rotation) % 360
    except av.error.FFmpegError as exc:
        raise MediaError(str(source), f"the video cannot be decoded ({exc.strerror}).") from None
    raise MediaError(str(source), "the video has no pictures in it; the file may be truncated.")


# How far short of its stated length a file may end before it counts as cut off.
_TAIL_SLACK_S = 0.25
_TAIL_WINDOW_S = 3.0


def _check_complete(
    container: av.container.InputContainer,
    video: av.video.stream.VideoStream,
    duration: float,
    source: Path,
) -> None:
    """Refuse a file whose data stops before the length its header promises.

    A copy interrupted part-way keeps a valid header (MP4 with the index first,
    Matroska, WebM, AVI), so opening it works; reading only the last seconds of
    packets (no decoding) shows where the data really ends. Cheap for long files.
    """
    truncated = MediaError(
        str(source), "the file is cut off (truncated); copy it again from the camera or phone."
    )
    fps = float(video.average_rate or 0)
    if video.frames and fps and video.frames / fps > duration + 0.5:
        raise truncated  # AVI: the header counts more frames than the data holds
    start = clip_zero(container)
    try:
        container.seek(
            int((start + max(0.0, duration - _TAIL_WINDOW_S)) * av.time_base), backward=True
        )
        end_seen = None
        for packet in container.demux():
            if packet.is_corrupt:
                raise truncated
            if packet.pts is None or packet.time_base is None:
                continue
            end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
            end_seen = end if end_seen is None else max(end_seen, end)
    except av.error.FFmpegError:
        raise truncated from None
    if end_seen is None or end_seen - start < duration - _TAIL_SLACK_S:
        raise truncated

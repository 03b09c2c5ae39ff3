"""Reading a media file's facts (duration, size, codecs, rotation) without decoding it."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from evidencekit.domain.errors import MediaError


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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def probe(path: str | os.PathLike[str]) -> MediaInfo:
    """Facts about a video file; MediaError with a plain reason if it cannot be used."""
    source = Path(path)
    if not source.exists():
        raise MediaError(str(source), "the file does not exist.")
    if not source.is_file():
        raise MediaError(str(source), "this is a folder, not a file.")
    try:
        container = av.open(str(source), metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        raise MediaError(
            str(source), f"not a video file that can be read ({exc.strerror})."
        ) from None
    with container:
        video = next(iter(container.streams.video), None)
        if video is None:
            raise MediaError(str(source), "it has no video in it, or the file is damaged.")
        audio = next(iter(container.streams.audio), None)
        duration = _duration(container, video)
        if duration <= 0:
            raise MediaError(str(source), "the video has no length; the file may be damaged.")
        # Phones store portrait video as landscape plus a display matrix.
        rotation = _first_frame_rotation(container, video, source)
        _check_complete(container, video, duration, source)
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
            video_codec=ctx.name,
            audio_codec=audio.codec_context.name if audio is not None else None,
            rotation=rotation,
            has_audio=audio is not None,
            bit_rate=container.bit_rate or None,
        )


def _duration(container: av.container.InputContainer, video: av.video.stream.VideoStream) -> float:
    if video.duration is not None and video.time_base is not None:
        return float(video.duration * video.time_base)
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
    start = container.start_time / av.time_base if container.start_time is not None else 0.0
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

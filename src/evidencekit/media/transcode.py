"""Re-encoding a clip (or a stretch of it) to H.264 + AAC, streaming frame by frame.

Used by normalize (the file that goes into a bundle) and by trim when the cut
cannot be a stream copy. Memory stays bounded: one decoded frame at a time
travels from the decoder to the encoder; only the codecs' own lookahead is held.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Protocol

import av

from evidencekit.domain.errors import MediaError
from evidencekit.domain.tasks import CancelToken, Progress, ProgressEvent, no_progress

AUDIO_RATE = 48_000
# Containers the H.264 + AAC result may be written in, by file suffix.
OUTPUT_FORMATS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".mkv": "matroska"}


@dataclass(frozen=True)
class EncodeSettings:
    preset: str = "veryfast"
    video_bitrate: int | None = None  # bits per second; None: constant quality (crf)
    crf: int = 23
    max_short_side: int | None = 720  # 720p is plenty for judging teaching; None keeps size
    audio_bitrate: int = 96_000


@dataclass(frozen=True)
class EncodeResult:
    video_frames: int
    duration_s: float
    has_audio: bool


class Filters(Protocol):
    """Changes made to the pictures and sound on their way through (face redaction)."""

    def picture(self, index: int, frame: av.VideoFrame) -> av.VideoFrame:
        """Frame ``index`` (counted from 0 in showing order) as it should be encoded."""
        ...

    def sound(self, chunk: av.AudioFrame, start_s: float) -> av.AudioFrame:
        """A resampled chunk starting ``start_s`` seconds into the result."""
        ...


def output_format(path: Path) -> str:
    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise MediaError(
            str(path),
            f"re-encoded video is written as {', '.join(OUTPUT_FORMATS)}; "
            "choose one of those endings.",
        )
    return fmt


def scaled_size(width: int, height: int, max_short_side: int | None) -> tuple[int, int]:
    """Fit the shorter side under the limit, keeping the shape; both sides even (4:2:0)."""
    scale = 1.0
    if max_short_side and min(width, height) > max_short_side:
        scale = max_short_side / min(width, height)
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def transcode(
    source: Path,
    target: Path,
    settings: EncodeSettings,
    *,
    fmt: str = "mp4",
    start_s: float = 0.0,
    end_s: float | None = None,
    rotation: int = 0,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    message: str = "Encoding",
    filters: Filters | None = None,
) -> EncodeResult:
    """Encode ``source`` from ``start_s`` to ``end_s`` into ``target`` (written directly)."""
    cancel = cancel or CancelToken()
    try:
        with av.open(str(source), metadata_errors="ignore") as inp:
            return _run(
                inp,
                target,
                settings,
                fmt,
                start_s,
                end_s,
                rotation,
                progress,
                cancel,
                message,
                filters,
            )
    except av.error.FFmpegError as exc:
        raise MediaError(
            str(source), f"the video could not be re-encoded ({exc.strerror})."
        ) from None


def _run(
    inp: av.container.InputContainer,
    target: Path,
    settings: EncodeSettings,
    fmt: str,
    start_s: float,
    end_s: float | None,
    rotation: int,
    progress: Progress,
    cancel: CancelToken,
    message: str,
    filters: Filters | None,
) -> EncodeResult:
    vin = inp.streams.video[0]
    ain = next(iter(inp.streams.audio), None)
    vin.thread_type = "AUTO"  # frame + slice threads in the decoder
    if ain is not None:
        ain.thread_type = "AUTO"
    origin = start_s
    if start_s <= 0:
        # Keep the streams' relative offsets; only shift the earliest to zero.
        origin = inp.start_time / av.time_base if inp.start_time is not None else 0.0
    else:
        inp.seek(int(start_s * av.time_base), backward=True)
    duration = (end_s if end_s is not None else _length(inp)) - max(start_s, 0.0)
    width, height = scaled_size(
        vin.codec_context.width, vin.codec_context.height, settings.max_short_side
    )
    # A fine clock: cut points rarely sit on a coarse source clock (AVI counts whole frames).
    tb = Fraction(1, 90_000)
    rate = vin.average_rate or vin.guessed_rate or Fraction(30)

    options = {"movflags": "+faststart"} if fmt in ("mp4", "mov") else {}
    with av.open(str(target), "w", format=fmt, options=options) as out:
        vout = out.add_stream("libx264", rate=rate)
        vout.width, vout.height, vout.pix_fmt = width, height, "yuv420p"
        vout.time_base = tb
        vout.codec_context.time_base = tb
        vout.thread_type = "AUTO"
        opts = {"preset": settings.preset}
        if settings.video_bitrate:
            vout.bit_rate = settings.video_bitrate
            # A buffer of two seconds keeps single-pass ABR close to its average.
            opts |= {
                "maxrate": str(settings.video_bitrate * 2),
                "bufsize": str(settings.video_bitrate * 2),
            }
        else:
            opts["crf"] = str(settings.crf)
        vout.options = opts
        if rotation:
            vout.set_display_rotation(rotation)  # browsers and players honour the matrix
        aout = resampler = None
        if ain is not None:
            aout = out.add_stream("aac", rate=AUDIO_RATE)
            layout = "mono" if ain.codec_context.channels == 1 else "stereo"
            aout.layout = layout
            aout.bit_rate = settings.audio_bitrate
            resampler = av.AudioResampler(format="fltp", layout=layout, rate=AUDIO_RATE)

        state = _State(origin=origin, end=end_s, tb=tb, filters=filters)
        streams = [vin] if ain is None else [vin, ain]
        for packet in inp.demux(streams):
            cancel.raise_if_cancelled()
            if packet.stream is vin:
                for frame in _safe_decode(packet):
                    if filters is not None and frame.time is not None:
                        frame = filters.picture(state.decoded, frame)
                        state.decoded += 1
                    for picture in state.video_frames(frame, width, height):
                        out.mux(vout.encode(picture))
                        if state.frames % 15 == 0:
                            progress(
                                ProgressEvent(min(state.video_time, duration), duration, message)
                            )
            elif aout is not None and resampler is not None:
                for frame in _safe_decode(packet):
                    for chunk in state.audio_frames(frame, resampler):
                        out.mux(aout.encode(chunk))
            if state.finished(ain is not None):
                break
        cancel.raise_if_cancelled()
        out.mux(vout.encode(None))
        if aout is not None and resampler is not None:
            for chunk in state.audio_flush(resampler):
                out.mux(aout.encode(chunk))
            out.mux(aout.encode(None))
        if state.frames == 0:
            raise MediaError(str(target), "there are no pictures in the chosen stretch of video.")
        progress(ProgressEvent(duration, duration, message))
        return EncodeResult(state.frames, state.video_time, aout is not None)


def _length(inp: av.container.InputContainer) -> float:
    return inp.duration / av.time_base if inp.duration else 0.0


def _safe_decode(packet: av.Packet) -> list[av.frame.Frame]:
    """A damaged packet in the middle loses its pictures, not the whole encode."""
    try:
        return packet.decode()
    except av.error.InvalidDataError:
        return []


class _State:
    """Where the encode has got to: which frames to keep and their new timestamps."""

    def __init__(
        self, origin: float, end: float | None, tb: Fraction, filters: Filters | None = None
    ) -> None:
        self.filters = filters
        self.decoded = 0  # frames with a time, as face finding numbers them
        self.origin = origin
        self.end = end
        self.tb = tb
        self.frames = 0
        self.video_time = 0.0
        self.video_done = False
        self.audio_done = False
        self._last_pts = -1
        self._held: av.VideoFrame | None = None
        self._next_sample: int | None = None

    def video_frames(self, frame: av.VideoFrame, width: int, height: int) -> list[av.VideoFrame]:
        """The pictures to encode for one decoded frame (none, it, or also the one before)."""
        if frame.time is None:
            return []
        if frame.time < self.origin - 1e-6:
            self._held = frame  # on screen at the in point if the next one comes later
            return []
        if self.end is not None and frame.time >= self.end - 1e-6:
            self.video_done = True
            return []
        out = []
        if self._held is not None and self.frames == 0 and frame.time > self.origin + 1e-6:
            out.append(self._encodable(self._held, self.origin, width, height))
        self._held = None
        out.append(self._encodable(frame, frame.time, width, height))
        return [f for f in out if f is not None]

    def _encodable(
        self, frame: av.VideoFrame, time: float, width: int, height: int
    ) -> av.VideoFrame | None:
        # Keep each picture's own time (variable frame rate stays correct), strictly rising.
        pts = round((time - self.origin) / self.tb)
        if pts <= self._last_pts:
            return None
        self._last_pts = pts
        if frame.width != width or frame.height != height or frame.format.name != "yuv420p":
            frame = frame.reformat(width=width, height=height, format="yuv420p")
        frame.pts, frame.time_base = pts, self.tb
        frame.pict_type = av.video.frame.PictureType.NONE  # let x264 choose frame types
        self.frames += 1
        self.video_time = pts * float(self.tb)
        return frame

    def audio_frames(
        self, frame: av.AudioFrame, resampler: av.AudioResampler
    ) -> list[av.AudioFrame]:
        if frame.time is None:
            return []
        frame_end = frame.time + frame.samples / frame.sample_rate
        if frame_end <= self.origin:
            return []
        if self.end is not None and frame.time >= self.end:
            self.audio_done = True
            return []
        if self._next_sample is None:
            self._next_sample = max(0, round((frame.time - self.origin) * AUDIO_RATE))
        frame.pts = None  # the resampler counts samples; gaps in the source are closed up
        return self._stamp(resampler.resample(frame))

    def audio_flush(self, resampler: av.AudioResampler) -> list[av.AudioFrame]:
        return self._stamp(resampler.resample(None)) if self._next_sample is not None else []

    def _stamp(self, chunks: list[av.AudioFrame]) -> list[av.AudioFrame]:
        assert self._next_sample is not None
        out = []
        for chunk in chunks:
            start = self._next_sample
            if self.filters is not None:
                chunk = self.filters.sound(chunk, start / AUDIO_RATE)
            chunk.pts, chunk.time_base = start, Fraction(1, AUDIO_RATE)
            self._next_sample += chunk.samples
            out.append(chunk)
        return out

    def finished(self, with_audio: bool) -> bool:
        return self.video_done and (self.audio_done or not with_audio)

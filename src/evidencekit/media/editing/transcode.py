"""Re-encoding a clip (or a stretch of it) to H.264 + AAC, streaming frame by frame.

Used by normalize (the file that goes into a bundle) and by trim when the cut
cannot be a stream copy. Memory stays bounded: one decoded frame at a time
travels from the decoder to the encoder; only the codecs' own lookahead is held.
Cut points count from the clip's zero (the container's start time), and every
sound track is encoded, each kept in step with the picture to the sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol

import av

from evidencekit.domain.errors import MediaError
from evidencekit.domain.tasks import Reporter
from evidencekit.media.clip_clock import SteadyClock, clip_zero, seek_to_keyframe_before

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
    reporter: Reporter | None = None,
    message: str = "Encoding",
    filters: Filters | None = None,
    clock_jumps: bool = False,
) -> EncodeResult:
    """Encode ``source`` from ``start_s`` to ``end_s`` into ``target`` (written directly).

    ``clock_jumps``: the source's clock jumps, so it is read from its start (a seek
    into it could land anywhere) and its timestamps are joined up before decoding."""
    reporter = reporter or Reporter.silent()
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
                reporter,
                message,
                filters,
                clock_jumps,
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
    reporter: Reporter,
    message: str,
    filters: Filters | None,
    clock_jumps: bool,
) -> EncodeResult:
    vin = inp.streams.video[0]
    sounds = list(inp.streams.audio)
    vin.thread_type = "AUTO"  # frame + slice threads in the decoder
    for sound in sounds:
        sound.codec_context.thread_type = "AUTO"
    zero = clip_zero(inp)
    # Everything below is on the file's own clock; the result starts at ``origin``.
    origin = zero + max(start_s, 0.0)
    end = None if end_s is None else zero + end_s
    if start_s > 0 and not clock_jumps:
        seek_to_keyframe_before(inp, vin, origin)
    clock = SteadyClock(inp)
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
        opts: dict[str, object] = {"preset": settings.preset}
        if fmt == "matroska":
            # Matroska counts milliseconds and stores no decoding times: with B-frames,
            # pictures less than a frame apart (at a cut) leave readers guessing
            # decoding times that do not rise.
            opts["bf"] = "0"
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
        tracks = {s.index: _SoundTrack(s, out, settings.audio_bitrate, filters) for s in sounds}

        state = _State(origin=origin, end=end, tb=tb, rate=rate, filters=filters)
        for packet in inp.demux([vin, *sounds]):
            reporter.check()
            clock.fix(packet)
            if packet.stream is vin:
                for frame in _safe_decode(packet):
                    if filters is not None and frame.time is not None:
                        frame = filters.picture(state.decoded, frame)
                        state.decoded += 1
                    for picture in state.video_frames(frame, width, height):
                        out.mux(vout.encode(picture))
                        if state.frames % 15 == 0:
                            reporter.report(min(state.video_time, duration), duration, message)
            elif packet.stream.index in tracks:
                track = tracks[packet.stream.index]
                for frame in _safe_decode(packet):
                    track.add(frame, origin, end)
            if state.video_done and all(t.done for t in tracks.values()):
                break
        reporter.check()
        out.mux(vout.encode(None))
        for track in tracks.values():
            track.finish()
        if state.frames == 0:
            raise MediaError(str(target), "there are no pictures in the chosen stretch of video.")
        reporter.report(duration, duration, message)
        return EncodeResult(state.frames, state.video_time, bool(tracks))


def _length(inp: av.container.InputContainer) -> float:
    return inp.duration / av.time_base if inp.duration else 0.0


def _safe_decode(packet: av.Packet) -> list[Any]:
    """The packet's video or audio frames (as its stream's kind): a damaged packet in the
    middle loses its pictures, not the whole encode."""
    try:
        return packet.decode()
    except av.error.InvalidDataError:
        return []


class _State:
    """Where the encode has got to: which frames to keep and their new timestamps."""

    def __init__(
        self,
        origin: float,
        end: float | None,
        tb: Fraction,
        rate: Fraction,
        filters: Filters | None = None,
    ) -> None:
        self.filters = filters
        self.decoded = 0  # frames with a time, as face finding numbers them
        self.origin = origin
        self.end = end
        self.tb = tb
        self.frames = 0
        self.video_time = 0.0
        self.video_done = False
        self._last_pts = -1
        # Pictures closer together than half a frame are one picture: kept both, the
        # encoder's decoding times (B-frames) stop rising in a muxer that counts
        # milliseconds (Matroska), and decoders complain.
        self._frame = 1 / float(rate)
        self._min_step = max(1, round(self._frame / 2 / float(tb)))
        self._held: av.VideoFrame | None = None

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
        late = frame.time - self.origin
        if self._held is not None and self.frames == 0 and late >= self._frame - 1e-6:
            # The picture on screen at the in point, when the next comes a frame or more
            # later (a still, a slow stretch). Nearer, the next picture opens the cut at
            # its own time: a first gap shorter than a frame makes readers that count in
            # frames (the ffmpeg CLI on Matroska) see decoding times that do not rise.
            out.append(self._encodable(self._held, self.origin, width, height))
        self._held = None
        out.append(self._encodable(frame, frame.time, width, height))
        return [f for f in out if f is not None]

    def _encodable(
        self, frame: av.VideoFrame, time: float, width: int, height: int
    ) -> av.VideoFrame | None:
        # Keep each picture's own time (variable frame rate stays correct), strictly rising.
        pts = max(0, round((time - self.origin) / self.tb))
        if self._last_pts >= 0 and pts < self._last_pts + self._min_step:
            return None
        self._last_pts = pts
        if frame.width != width or frame.height != height or frame.format.name != "yuv420p":
            frame = frame.reformat(width=width, height=height, format="yuv420p")
        frame.pts, frame.time_base = pts, self.tb
        frame.pict_type = av.video.frame.PictureType.NONE  # let x264 choose frame types
        self.frames += 1
        self.video_time = pts * float(self.tb)
        return frame


class _SoundTrack:
    """One source sound track, resampled and encoded as AAC, starting exactly at the in point."""

    def __init__(
        self,
        source: av.audio.stream.AudioStream,
        out: av.container.OutputContainer,
        bitrate: int,
        filters: Filters | None,
    ) -> None:
        self.out = out
        self.filters = filters
        self.stream = out.add_stream("aac", rate=AUDIO_RATE)
        layout = "mono" if source.codec_context.channels == 1 else "stereo"
        self.stream.layout = layout
        self.stream.bit_rate = bitrate
        language = source.metadata.get("language")
        if language:
            self.stream.metadata["language"] = language
        self.resampler = av.AudioResampler(format="fltp", layout=layout, rate=AUDIO_RATE)
        self.done = False
        self._next_sample: int | None = None

    def add(self, frame: av.AudioFrame, origin: float, end: float | None) -> None:
        if frame.time is None or self.done:
            return
        rate = frame.sample_rate
        if frame.time + frame.samples / rate <= origin:
            return
        if end is not None and frame.time >= end:
            self.done = True
            return
        if self._next_sample is None:
            self._next_sample = max(0, round((frame.time - origin) * AUDIO_RATE))
            early = round((origin - frame.time) * rate)
            if early > 0:
                frame = _drop_leading(frame, early)  # sound before the in point would lead
        frame.pts = None  # the resampler counts samples; gaps in the source are closed up
        self._write(self.resampler.resample(frame))

    def finish(self) -> None:
        if self._next_sample is not None:
            self._write(self.resampler.resample(None))
        self.out.mux(self.stream.encode(None))

    def _write(self, chunks: list[av.AudioFrame]) -> None:
        assert self._next_sample is not None
        for chunk in chunks:
            start = self._next_sample
            if self.filters is not None:
                chunk = self.filters.sound(chunk, start / AUDIO_RATE)
            chunk.pts, chunk.time_base = start, Fraction(1, AUDIO_RATE)
            self._next_sample += chunk.samples
            self.out.mux(self.stream.encode(chunk))


def _drop_leading(frame: av.AudioFrame, samples: int) -> av.AudioFrame:
    """The frame without its first ``samples`` samples (per channel)."""
    import numpy as np  # rarely needed; the main window imports this module at start-up

    data = frame.to_ndarray()
    if frame.format.is_planar:
        kept = data[:, samples:]
    else:
        kept = data[:, samples * frame.layout.nb_channels :]
    trimmed = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(kept),  # type: ignore[arg-type]  # dtype as frame.format says
        frame.format.name,
        frame.layout,
    )
    trimmed.sample_rate = frame.sample_rate
    return trimmed

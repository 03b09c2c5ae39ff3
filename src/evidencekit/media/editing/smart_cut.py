"""Trimming an H.264 clip by re-encoding only the pictures a stream copy cannot keep.

A copy must begin on a keyframe, so the pictures from the in point up to the
next keyframe K (the head) are decoded and encoded again with libx264, and the
packets from K on are copied untouched, as is the sound. The out point needs
the same care only when pictures are reordered (B-frames): a picture shown
before the out point may be decoded after one shown past it, so the copy
stops at the last keyframe before the out point and the rest is re-encoded too.

The re-encoded and copied stretches use different parameter sets (SPS/PPS),
which an MP4 'avc1' sample entry cannot describe. So the result is written as
'avc3', the standard H.264 sample entry whose parameter sets travel in the
stream: libx264's before each re-encoded stretch, the source's before K and
every later copied keyframe (so the result can itself be cut at any keyframe).
Changing them at an IDR picture is legal H.264, and FFmpeg and Chromium play it.

``plan_smart_cut`` says whether this can be done: the source is 8-bit 4:2:0
H.264 with four-byte lengths (as almost every MP4 and MOV is) and the copied
stretch begins (and, if the end is re-encoded, ends) at IDR pictures, which
nothing after them refers past. Otherwise the caller re-encodes everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av

from evidencekit.domain.errors import MediaError
from evidencekit.domain.stretch import Stretch
from evidencekit.domain.tasks import Reporter
from evidencekit.media.clip_clock import (
    clip_zero,
    seek_to_keyframe_before,
    time_base,
    with_decoding_times,
)
from evidencekit.media.editing.h264_units import (
    NAL_PPS,
    NAL_SPS,
    annexb_units,
    build_avcc,
    is_idr,
    length_prefix,
    nal_type,
    parameter_sets_in,
    parse_avcc,
)

# avc3 is an ISO-BMFF sample entry: MP4 and QuickTime files only.
SMART_FORMATS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov"}


class _CannotCopy(Exception):
    """The cut points leave no stretch that can be copied."""


@dataclass(frozen=True)
class SmartCut:
    keyframe_s: float  # K: the copy begins here
    end_keyframe_s: float | None  # the copy ends here and the rest is re-encoded; None: at the end


def plan_smart_cut(path: Path, keyframe_s: float, end_s: float) -> SmartCut | None:
    """How to cut with the copy starting at ``keyframe_s``, or None if it cannot be done."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            video = container.streams.video[0]
            ctx = video.codec_context
            sets = parse_avcc(ctx.extradata)
            if ctx.name != "h264" or ctx.format is None or ctx.format.name != "yuv420p":
                return None
            if sets is None or sets.length_size != 4 or not sets.sps or not sets.pps:
                return None
            tb = time_base(video)
            origin = round(clip_zero(container) / tb)
            key_pts = origin + round(keyframe_s / tb)
            end_pts = origin + end_s / tb
            container.seek(key_pts, stream=video, backward=True)
            first = next(
                (p for p in container.demux(video) if p.is_keyframe and (p.pts or 0) >= key_pts),
                None,
            )
            if first is None or first.pts != key_pts or not is_idr(bytes(first)):
                return None
            # In avc3 the sample entry need not hold the parameter sets in force at K.
            if video.codec_tag == "avc3" and not parameter_sets_in(bytes(first)):
                return None
            end_key = _end_keyframe(container, video, key_pts, end_pts)
    except (av.error.FFmpegError, _CannotCopy):
        return None
    if end_key is None:
        return SmartCut(keyframe_s, None)
    return SmartCut(keyframe_s, float((end_key - origin) * tb))


def _end_keyframe(
    container: av.container.InputContainer,
    video: av.video.stream.VideoStream,
    key_pts: int,
    end_pts: float,
) -> int | None:
    """None if the copy can run to the out point, else the IDR picture to stop it at."""
    # Near the out point first; from K if the index pointed past the keyframe before it.
    for seek_to in (int(end_pts), key_pts):
        container.seek(seek_to, stream=video, backward=True)
        keyframe, idr, reordered = None, False, False
        for packet in with_decoding_times(container.demux(video)):
            if packet.dts is None or packet.pts is None:
                continue
            if packet.dts >= end_pts:
                break
            if packet.is_keyframe and packet.pts < end_pts:
                # Nothing decoded before an IDR picture is shown after it.
                keyframe, idr, reordered = packet.pts, is_idr(bytes(packet)), False
            elif packet.pts >= end_pts:
                reordered = True
        if keyframe is not None and keyframe >= key_pts:
            if not reordered:
                return None
            if not idr or keyframe == key_pts:
                raise _CannotCopy  # no closed stretch to copy between the re-encoded ends
            return keyframe
    raise _CannotCopy


@dataclass
class _Stretch:
    """Pictures from ``low`` to before ``high`` (source clock) decoded and encoded again."""

    encoder: av.VideoCodecContext
    low: int
    high: float
    held: av.VideoFrame | None = None  # shown at ``low`` if no picture starts exactly there
    frames: int = 0
    packets: list[av.Packet] = field(default_factory=list)

    def decode(self, packet: av.Packet | None, decoder: av.VideoCodecContext) -> None:
        try:
            frames = decoder.decode(packet)
        except av.error.InvalidDataError:
            return  # a damaged picture loses itself, not the cut
        for frame in frames:
            if frame.pts is None or frame.pts >= self.high:
                continue
            if frame.pts < self.low:
                self.held = frame
                continue
            if self.frames == 0 and self.held is not None and frame.pts > self.low:
                self._encode(self.held, self.low)
            self.held = None
            self._encode(frame, frame.pts)

    def finish(self, decoder: av.VideoCodecContext) -> list[av.Packet]:
        self.decode(None, decoder)
        decoder.flush_buffers()  # ready to decode again after the drain
        if self.frames == 0 and self.held is not None:
            self._encode(self.held, self.low)
        self.packets.extend(self.encoder.encode(None))
        return self.packets

    def _encode(self, frame: av.VideoFrame, pts: int) -> None:
        picture = frame if frame.format.name == "yuv420p" else frame.reformat(format="yuv420p")
        picture.pts, picture.time_base = pts, self.encoder.time_base
        picture.pict_type = av.video.frame.PictureType.NONE
        self.frames += 1
        self.packets.extend(self.encoder.encode(picture))


def smart_trim(
    stretch: Stretch,
    temp: Path,
    fmt: str,
    cut: SmartCut,
    *,
    crf: int,
    preset: str,
    rotation: int,
    reporter: Reporter,
    message: str,
) -> None:
    """Write ``stretch`` of its source, copying what ``cut`` allows."""
    source, start_s, end_s = stretch.source, stretch.start_s, stretch.end_s
    try:
        with (
            av.open(str(source), metadata_errors="ignore") as inp,
            av.open(str(temp), "w", format=fmt, options={"movflags": "+faststart"}) as out,
        ):
            _Writer(inp, out, start_s, end_s, cut, crf, preset, rotation).run(reporter, message)
    except av.error.FFmpegError as exc:
        raise MediaError(str(source), f"the clip could not be trimmed ({exc.strerror}).") from None
    reporter.report(end_s - start_s, end_s - start_s, message)


class _Writer:
    """One pass over the source: head re-encoded, middle copied, end re-encoded if need be."""

    def __init__(
        self,
        inp: av.container.InputContainer,
        out: av.container.OutputContainer,
        start_s: float,
        end_s: float,
        cut: SmartCut,
        crf: int,
        preset: str,
        rotation: int,
    ) -> None:
        self.inp, self.out = inp, out
        self.vin = inp.streams.video[0]
        self.sounds = list(inp.streams.audio)
        sets = parse_avcc(self.vin.codec_context.extradata)
        if sets is None:
            raise MediaError(str(inp.name), "the clip's H.264 parameter sets cannot be read.")
        # The parameter sets the copied pictures refer to, as the stream goes on.
        self.in_force = sets.sps + sets.pps
        self.vin.thread_type = "AUTO"
        self.tb = time_base(self.vin)
        origin = round(clip_zero(inp) / self.tb)
        self.start_pts = origin + round(start_s / self.tb)
        self.key_pts = origin + round(cut.keyframe_s / self.tb)
        self.end_key_pts = (
            None if cut.end_keyframe_s is None else origin + round(cut.end_keyframe_s / self.tb)
        )
        self.end_pts = origin + end_s / self.tb
        self.start_time = float(self.start_pts * self.tb)
        self.end_time = float(self.end_pts * self.tb)
        self.length = end_s - start_s
        self.crf, self.preset = crf, preset

        self.vout = out.add_stream_from_template(self.vin)
        self.vout.codec_tag = "avc3"
        if rotation:
            self.vout.set_display_rotation(rotation)
        self.aouts = {s.index: out.add_stream_from_template(s, opaque=True) for s in self.sounds}

    def run(self, reporter: Reporter, message: str) -> None:
        decoder = self.vin.codec_context
        head = _Stretch(self._encoder(), self.start_pts, self.key_pts)
        ending: _Stretch | None = None
        # Nothing is written before K: the head's decoding times follow K's, and the
        # header's avcC is the head's first SPS/PPS. Until then the sound waits here.
        waiting: list[av.Packet] = []
        copying = video_done = False
        sounds_done: set[int] = set()
        count = 0
        # From the keyframe at or before the in point: the head's pictures refer back to it.
        seek_to_keyframe_before(self.inp, self.vin, self.start_time)
        for packet in with_decoding_times(self.inp.demux([self.vin, *self.sounds])):
            reporter.check()
            if packet.dts is None or packet.pts is None:
                continue  # the demuxer's end-of-stream marker
            count += 1
            if count % 100 == 0:
                at = float(packet.pts * packet.time_base) - self.start_time
                reporter.report(min(max(at, 0.0), self.length), self.length, message)
            if packet.stream is not self.vin:
                t = float(packet.pts * packet.time_base)
                if t >= self.end_time - 1e-6:
                    sounds_done.add(packet.stream.index)
                elif t >= self.start_time - 1e-6:
                    self._shift(packet, self.aouts[packet.stream.index])
                    if copying:
                        self.out.mux(packet)
                    else:
                        waiting.append(packet)
            elif video_done:
                pass
            elif not copying:
                if not (packet.is_keyframe and packet.pts >= self.key_pts):
                    head.decode(packet, decoder)
                    continue
                self._mux_encoded(head.finish(decoder), packet.pts - packet.dts, first=True)
                for sound in waiting:
                    self.out.mux(sound)
                copying = True
                self._copy(packet)
            elif ending is None and self._is_end_keyframe(packet):
                ending = _Stretch(self._encoder(), packet.pts, self.end_pts)
                ending_delay = packet.pts - packet.dts
                ending.decode(packet, decoder)
            elif packet.dts >= self.end_pts - 1e-6:
                video_done = True
                if ending is not None:
                    self._mux_encoded(ending.finish(decoder), ending_delay)
            elif ending is not None:
                ending.decode(packet, decoder)
            else:
                self._copy(packet)
            if video_done and len(sounds_done) == len(self.sounds):
                break
        reporter.check()
        if not copying:
            raise MediaError(str(self.inp.name), "the keyframe to copy from was not found.")
        if ending is not None and not video_done:
            self._mux_encoded(ending.finish(decoder), ending_delay)

    def _is_end_keyframe(self, packet: av.Packet) -> bool:
        return (
            self.end_key_pts is not None
            and packet.is_keyframe
            and packet.pts is not None
            and packet.pts >= self.end_key_pts
        )

    def _encoder(self) -> av.VideoCodecContext:
        """libx264 on its own (no container), so it writes its SPS/PPS in the stream."""
        encoder = av.CodecContext.create("libx264", "w")
        src = self.vin.codec_context
        encoder.width, encoder.height, encoder.pix_fmt = src.width, src.height, "yuv420p"
        encoder.time_base = self.tb
        encoder.framerate = self.vin.average_rate or self.vin.guessed_rate or Fraction(30)
        if src.sample_aspect_ratio:
            encoder.sample_aspect_ratio = src.sample_aspect_ratio
        encoder.thread_type = "AUTO"
        # No B-frames: decoding order is showing order, so the decoding times can be set
        # to run on into the copied packets' (see _mux_encoded).
        encoder.options = {"preset": self.preset, "crf": str(self.crf), "bf": "0"}
        return encoder

    def _mux_encoded(
        self, packets: list[av.Packet], decode_delay: int, first: bool = False
    ) -> None:
        """Write re-encoded pictures as MP4 samples: four-byte lengths, shifted to the cut."""
        if not packets:
            raise MediaError(str(self.inp.name), "there are no pictures to re-encode.")
        for index, encoded in enumerate(packets):
            units = annexb_units(bytes(encoded))
            if first and index == 0:
                sps = next(u for u in units if nal_type(u) == NAL_SPS)
                pps = next(u for u in units if nal_type(u) == NAL_PPS)
                self.vout.codec_context.extradata = build_avcc(sps, pps)
            if encoded.pts is None:
                raise MediaError(str(self.inp.name), "the encoder gave a picture no time.")
            packet = av.Packet(length_prefix(units))
            packet.pts = encoded.pts - self.start_pts
            # The copied packets' decoding times trail their showing times by the source's
            # delay at the keyframe; the re-encoded ones trail by as much, so they join up.
            packet.dts = packet.pts - decode_delay
            packet.time_base = self.tb
            packet.is_keyframe = encoded.is_keyframe
            packet.stream = self.vout
            self.out.mux(packet)

    def _copy(self, packet: av.Packet) -> None:
        if packet.is_keyframe:
            packet = self._with_parameter_sets(packet)
        self._shift(packet, self.vout)
        self.out.mux(packet)

    def _with_parameter_sets(self, packet: av.Packet) -> av.Packet:
        """A copied keyframe, led by the parameter sets in force unless it carries its own.

        At K they take over from the head's; at every later keyframe they make the
        result cuttable again anywhere (a later trim starts from any keyframe)."""
        data = bytes(packet)
        own = parameter_sets_in(data)
        if own:
            self.in_force = own
            return packet
        marked = av.Packet(length_prefix(self.in_force) + data)
        marked.pts, marked.dts, marked.time_base = packet.pts, packet.dts, packet.time_base
        marked.is_keyframe = True
        marked.stream = packet.stream
        return marked

    def _shift(self, packet: av.Packet, stream: av.stream.Stream | None) -> None:
        offset = round(self.start_time / packet.time_base)
        if packet.pts is not None:
            packet.pts -= offset
        if packet.dts is not None:
            packet.dts -= offset
        packet.stream = stream

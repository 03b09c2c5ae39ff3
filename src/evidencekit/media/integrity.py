"""A quick pass over a clip's packets that names a damaged file before anyone relies on it.

Nothing is decoded: every video packet is read once, which costs about what
copying the file does. A stretch of garbage in the middle of a file (a bad copy,
a failing card) shows up as packets the demuxer marks corrupt, a read error, or,
in H.264/HEVC stored with length prefixes (MP4, MOV, Matroska), NAL units whose
lengths do not add up to the packet or whose header is impossible. Every place
that opens a clip (import, info, normalize, trim, redaction) probes it, so the
same file gets the same answer everywhere. The same pass finds where a camera's
clock jumps (see clip_clock.SteadyClock), where the picture really ends and
where its keyframes are (a trim then needs no second look for them).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import av

from evidencekit.media.clip_clock import SteadyClock, time_base

DAMAGED = (
    "the file is damaged: part of its video cannot be read ({count} damaged "
    "{packets}, the first near {at}). Copy it again from the camera or phone."
)
# How near a clock jump a packet marked corrupt counts as the join itself.
_AT_JUMP_S = 1.0
# Codecs whose MP4/Matroska samples are NAL units with length prefixes.
_NAL_CODECS = {"h264", "hevc"}


@dataclass
class PacketScan:
    damage: str | None = None  # None if every video packet reads cleanly, else what is wrong
    video_end_s: float | None = None  # where the last picture ends, on the steady clock
    clock_jumps: list[float] = field(default_factory=list)  # clip times the clock jumped at
    keyframes: list[float] = field(default_factory=list)  # clip times of the video keyframes


def scan_packets(container: av.container.InputContainer, zero: float) -> PacketScan:
    """Read every video packet once: damage, jumps in the clock, the picture's real end."""
    video = container.streams.video[0]
    length_size = _length_size(video)
    tb = float(time_base(video))  # a float: Fraction arithmetic per packet costs seconds an hour
    clock = SteadyClock(container)
    scan = PacketScan()
    broken: list[float | None] = []  # clip times of damaged packets (None: unknown)
    fix = clock.fix if clock.active else None
    last_end = None  # on the file's (steady) clock, in time-base units
    # Keyframe times in time-base units, for trim's lookup. Not for transport and
    # program streams: read from the start, their times differ from a seek's (which a cut
    # makes), so their keyframes are looked up by seeking as before.
    keys: list[int] | None = None if clock.active else []
    # A stream that cannot seek is read from where it stands (the start).
    with contextlib.suppress(av.error.FFmpegError):
        container.seek(0)
    try:
        for packet in container.demux(video):
            if packet.size == 0:
                continue
            if fix is not None:
                fix(packet)
            pts = packet.pts
            if pts is not None:
                end = pts + (packet.duration or 0)
                if last_end is None or end > last_end:
                    last_end = end
            if keys is not None and packet.is_keyframe:
                if pts is None:
                    keys = None
                else:
                    keys.append(pts)
            if packet.is_corrupt or (
                length_size is not None and not _nal_units_fit(bytes(packet), length_size)
            ):
                broken.append(None if pts is None else pts * tb - zero)
    except av.error.FFmpegError:
        broken.append(None)
    if last_end is not None:
        scan.video_end_s = last_end * tb - zero
    scan.clock_jumps = [round(j - zero, 3) for j in clock.jumps]
    scan.keyframes = sorted(k * tb - zero for k in keys or ())
    # Where segments were joined, the transport stream's packet counter breaks too:
    # a packet marked corrupt right at a jump is the join, not damage.
    damaged = [
        t for t in broken if t is None or all(abs(t - j) > _AT_JUMP_S for j in scan.clock_jumps)
    ]
    if damaged:
        first = next((t for t in damaged if t is not None), None)
        at_text = "an unknown point" if first is None else f"{max(first, 0.0):.1f} s"
        count = len(damaged)
        scan.damage = DAMAGED.format(
            count=count, packets="packet" if count == 1 else "packets", at=at_text
        )
    return scan


def _length_size(video: av.video.stream.VideoStream) -> int | None:
    """Bytes in each NAL unit's length prefix, or None if the samples are not length-prefixed."""
    ctx = video.codec_context
    extra = ctx.extradata or b""
    if ctx.codec.canonical_name not in _NAL_CODECS or not extra or extra[0] != 1:
        return None  # no avcC/hvcC record: Annex B start codes (transport streams) or other codecs
    if ctx.codec.canonical_name == "h264" and len(extra) >= 5:
        return (extra[4] & 0x03) + 1
    if ctx.codec.canonical_name == "hevc" and len(extra) >= 22:
        return (extra[21] & 0x03) + 1
    return None


def _nal_units_fit(data: bytes, length_size: int) -> bool:
    """Whether the sample splits exactly into NAL units with a valid first byte."""
    pos, end = 0, len(data)
    while pos < end:
        if pos + length_size > end:
            return False
        size = int.from_bytes(data[pos : pos + length_size], "big")
        pos += length_size
        if size == 0 or pos + size > end or data[pos] & 0x80:  # forbidden_zero_bit
            return False
        pos += size
    return True

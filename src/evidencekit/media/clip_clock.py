"""A clip's own zero: the time every cut point, duration and picture time counts from.

Cameras rarely start their clocks at 0: an AVCHD camcorder's transport stream
may begin at 100 s, a DVD-style program stream at about 0.5 s, a Matroska file
with Opus sound slightly below 0. Players show the earliest stream's start as
0:00 (so does ``ffmpeg -ss``), so a time the teacher types means that much past
the container's start time, in every stream.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction

import av

from evidencekit.domain.errors import MediaError


def clip_zero(container: av.container.InputContainer) -> float:
    """Seconds on the file's clock where the clip's 0:00 is."""
    start = container.start_time
    return start / av.time_base if start is not None else 0.0


def time_base(stream: av.stream.Stream) -> Fraction:
    """Seconds per tick of ``stream``'s clock. FFmpeg gives every stream it reads one;
    PyAV's types allow None, so a stream without one is refused here, in words."""
    if stream.time_base is None:
        raise MediaError(str(stream.container.name), "one of its streams has no clock.")
    return stream.time_base


def seek_to_keyframe_before(
    container: av.container.InputContainer, video: av.video.stream.VideoStream, at: float
) -> None:
    """Leave the demuxer where the next video keyframe is at or before ``at`` (file clock).

    Transport and program streams have no index: a seek lands by byte estimate,
    often past the keyframe wanted, which would lose a whole group of pictures.
    So each seek is checked by reading ahead, and repeated further back if needed.
    """
    tb = time_base(video)
    floor = clip_zero(container)
    back = 0.0
    while True:
        target = max(floor, at - back)
        container.seek(int(target / tb), stream=video, backward=True)
        first = next(
            (p for p in container.demux(video) if p.pts is not None and p.is_keyframe), None
        )
        if first is None or float((first.pts or 0) * tb) <= at + 1e-3 or target <= floor:
            container.seek(int(target / tb), stream=video, backward=True)
            return
        back = back * 2 + 1.0


# Containers whose clock may jump mid-file (FFmpeg flags them AVFMT_TS_DISCONT):
# camcorder segments joined end to end, a clock reset after a pause.
_JUMPY_FORMATS = {"mpegts", "mpeg", "mpegvideo"}
# Backward by more than this, or forward by more than the larger one, is a jump.
_BACK_S = 0.1
_AHEAD_S = 10.0


class SteadyClock:
    """Joins up a transport or program stream whose clock jumps, as the ffmpeg CLI does.

    Every packet passes through ``fix`` in file order. When a stream's decoding
    time goes backwards, or leaps ahead by more than ten seconds, the clock jumped:
    from there on the stream is shifted to carry on from where it was. The first
    stream to reach a jump sets its shift, and every stream reaching that same jump
    takes the same shift, so picture and sound stay in step across it. Files of
    other kinds pass through untouched.
    """

    def __init__(self, container: av.container.InputContainer) -> None:
        self.active = container.format.name in _JUMPY_FORMATS
        self.jumps: list[float] = []  # where each jump lands, on the steady clock
        self._shifts: list[float] = []  # cumulative seconds added after each jump
        self._passed: dict[int, int] = {}  # per stream: jumps it has passed
        self._end: dict[int, float] = {}  # per stream: where its last packet ended

    def fix(self, packet: av.Packet) -> None:
        if not self.active or packet.dts is None or packet.time_base is None:
            return
        tb = packet.time_base
        index = packet.stream.index
        passed = self._passed.get(index, 0)
        shift = self._shifts[passed - 1] if passed else 0.0
        at = float(packet.dts * tb) + shift
        end = self._end.get(index)
        if end is not None and (at < end - _BACK_S or at > end + _AHEAD_S):
            if passed == len(self._shifts):
                self._shifts.append(shift + end - at)
                self.jumps.append(end)
            passed += 1
            self._passed[index] = passed
            shift = self._shifts[passed - 1]
            at = float(packet.dts * tb) + shift
        step = round(shift / tb)
        if step:
            packet.dts += step
            if packet.pts is not None:
                packet.pts += step
        self._end[index] = at + float((packet.duration or 0) * tb)


def with_decoding_times(packets: Iterable[av.Packet]) -> Iterator[av.Packet]:
    """The packets in file order, every picture with a decoding time.

    Matroska stores none. FFmpeg works them out as it reads, but after a seek
    (or at the start) the first few pictures of a stream with B-frames come
    without one, the keyframe among them, so a copy that needs them would skip
    to the next keyframe. They are given the times just before the first one
    known, a frame apart, which is what they were.
    """
    waiting: dict[int, list[av.Packet]] = {}
    for packet in packets:
        index = packet.stream.index
        if packet.dts is None and packet.pts is not None and packet.stream.type == "video":
            waiting.setdefault(index, []).append(packet)
            continue
        held = waiting.pop(index, [])
        if held and packet.dts is not None:
            step = packet.duration or held[-1].duration or 1
            for back, earlier in enumerate(reversed(held), 1):
                earlier.dts = packet.dts - back * step
        yield from held
        yield packet
    for held in waiting.values():
        yield from held
